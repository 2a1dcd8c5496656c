using System;
using System.Collections.Generic;
using System.Globalization;

namespace EngineMind.Core.Humanoid
{
    /// <summary>One source transform assigned to one Mecanim bone.</summary>
    public sealed class HumanoidAssignment
    {
        public string SourceBone = "";
        /// <summary>UnityEngine.HumanBodyBones value.</summary>
        public int HumanIndex;
        public double Confidence;
        /// <summary>Below the review threshold, or lost a conflict: show it to the user before building.</summary>
        public bool NeedsReview;
        /// <summary>Set by the user in the review list (overrides the backend).</summary>
        public bool FromUser;

        public string HumanName { get { return HumanoidBones.k_Names[HumanIndex]; } }
    }

    /// <summary>A correction the user made, sent back to the backend as feedback.</summary>
    public sealed class MappingCorrection
    {
        public string SourceBone = "";
        /// <summary>What the backend predicted ("" for none).</summary>
        public string Predicted = "";
        /// <summary>What the user chose ("" to leave the bone unmapped).</summary>
        public string Corrected = "";
    }

    /// <summary>Result of planning a Humanoid avatar from a MapSkeleton result: assignments, errors, warnings.</summary>
    public sealed class HumanoidPlan
    {
        public readonly List<HumanoidAssignment> Assignments = new List<HumanoidAssignment>();
        /// <summary>Blocking problems: the avatar would be invalid.</summary>
        public readonly List<string> Errors = new List<string>();
        /// <summary>Non-blocking notes (conflicts resolved, unknown targets ignored).</summary>
        public readonly List<string> Warnings = new List<string>();
        public readonly List<MappingCorrection> Corrections = new List<MappingCorrection>();
        /// <summary>All transform names for HumanDescription.skeleton, parents first.</summary>
        public readonly List<string> SkeletonBones = new List<string>();

        public bool IsValid { get { return Errors.Count == 0; } }

        public List<HumanoidAssignment> ToReview()
        {
            return Assignments.FindAll(a => a.NeedsReview);
        }

        public HumanoidAssignment ForHuman(int humanIndex)
        {
            return Assignments.Find(a => a.HumanIndex == humanIndex);
        }
    }

    /// <summary>
    /// Turns the backend's mapping ({source_bone: target_bone|null} + confidence, target "unity_humanoid") and the
    /// user's corrections into a Humanoid plan, checking what Mecanim checks before AvatarBuilder.BuildHumanAvatar:
    /// required bones present, unique transform names, each human bone below its human parent in the hierarchy.
    /// </summary>
    public static class HumanoidMapper
    {
        public const double k_DefaultReviewThreshold = 0.6;

        public static HumanoidPlan Plan(IList<SkeletonNode> nodes, IDictionary<string, string> mapping,
            IDictionary<string, double> confidence, IDictionary<string, string> userOverrides, double reviewThreshold)
        {
            if (nodes == null) throw new ArgumentNullException("nodes");
            mapping = mapping ?? new Dictionary<string, string>();
            confidence = confidence ?? new Dictionary<string, double>();
            userOverrides = userOverrides ?? new Dictionary<string, string>();
            var plan = new HumanoidPlan();
            var parentOf = SkeletonMath.ParentMap(nodes);
            foreach (var n in nodes)
                plan.SkeletonBones.Add(n.Name);
            foreach (var d in SkeletonMath.DuplicateNames(nodes))
                plan.Errors.Add("transform name '" + d + "' is used more than once: Mecanim needs unique names; rename it");

            // Effective target per source bone: the user's choice wins over the backend's.
            var targets = new Dictionary<string, string>();
            foreach (var kv in mapping)
                targets[kv.Key] = kv.Value;
            foreach (var kv in userOverrides)
            {
                string predicted;
                mapping.TryGetValue(kv.Key, out predicted);
                if (HumanoidBones.Key(predicted) != HumanoidBones.Key(kv.Value))
                    plan.Corrections.Add(new MappingCorrection { SourceBone = kv.Key, Predicted = predicted ?? "",
                        Corrected = kv.Value ?? "" });
                targets[kv.Key] = kv.Value;
            }

            var byHuman = new Dictionary<int, HumanoidAssignment>();
            var sources = new List<string>(targets.Keys);
            sources.Sort(string.CompareOrdinal);
            foreach (var source in sources)
            {
                var target = targets[source];
                if (string.IsNullOrEmpty(target)) continue;
                if (!parentOf.ContainsKey(source))
                {
                    plan.Warnings.Add("mapping names bone '" + source + "', which is not in this model; ignored");
                    continue;
                }
                var index = HumanoidBones.IndexOf(target);
                if (index < 0)
                {
                    plan.Warnings.Add("'" + source + "' maps to '" + target + "', which is not a Mecanim bone; ignored");
                    continue;
                }
                var fromUser = userOverrides.ContainsKey(source);
                double c;
                if (!confidence.TryGetValue(source, out c)) c = fromUser ? 1.0 : 0.0;
                if (fromUser) c = 1.0;
                var a = new HumanoidAssignment { SourceBone = source, HumanIndex = index, Confidence = c,
                    FromUser = fromUser, NeedsReview = !fromUser && c < reviewThreshold };
                HumanoidAssignment other;
                if (byHuman.TryGetValue(index, out other))
                {
                    var keepNew = a.FromUser && !other.FromUser || a.FromUser == other.FromUser && a.Confidence > other.Confidence;
                    var winner = keepNew ? a : other;
                    var loser = keepNew ? other : a;
                    winner.NeedsReview = !winner.FromUser;
                    plan.Warnings.Add("'" + loser.SourceBone + "' and '" + winner.SourceBone + "' both map to " +
                        HumanoidBones.k_Names[index] + "; kept '" + winner.SourceBone + "' (" +
                        winner.Confidence.ToString("0.00", CultureInfo.InvariantCulture) + "), please review");
                    byHuman[index] = winner;
                    continue;
                }
                byHuman[index] = a;
            }

            foreach (var i in HumanoidBones.InHierarchyOrder())
            {
                HumanoidAssignment a;
                if (byHuman.TryGetValue(i, out a))
                    plan.Assignments.Add(a);
            }
            foreach (var r in HumanoidBones.Required())
            {
                if (!byHuman.ContainsKey(r))
                    plan.Errors.Add("required bone " + HumanoidBones.k_Names[r] + " is not mapped: pick its transform in the review list");
            }
            CheckHierarchy(plan, byHuman, parentOf);
            return plan;
        }

        static void CheckHierarchy(HumanoidPlan plan, Dictionary<int, HumanoidAssignment> byHuman,
            Dictionary<string, string> parentOf)
        {
            foreach (var a in plan.Assignments)
            {
                var p = HumanoidBones.Parent(a.HumanIndex);
                while (p >= 0 && !byHuman.ContainsKey(p))
                    p = HumanoidBones.Parent(p);
                if (p < 0) continue;
                var parent = byHuman[p];
                if (!SkeletonMath.IsAncestor(parentOf, parent.SourceBone, a.SourceBone))
                {
                    plan.Errors.Add(a.HumanName + " ('" + a.SourceBone + "') must be below " + parent.HumanName + " ('" +
                        parent.SourceBone + "') in the hierarchy; fix one of the two in the review list");
                    a.NeedsReview = true;
                }
            }
        }
    }
}
