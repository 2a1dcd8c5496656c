using System;
using System.Collections.Generic;

namespace EngineMind.Core.Humanoid
{
    /// <summary>
    /// Mecanim's human bones in UnityEngine.HumanBodyBones order (index = enum value), with the parent of each in
    /// the human hierarchy (as HumanTrait.GetParentBone) and the 15 required ones (as HumanTrait.RequiredBone).
    /// The editor uses HumanTrait.BoneName[index] for the exact Mecanim spelling ("Left Thumb Proximal").
    /// </summary>
    public static class HumanoidBones
    {
        public static readonly string[] k_Names =
        {
            "Hips", "LeftUpperLeg", "RightUpperLeg", "LeftLowerLeg", "RightLowerLeg", "LeftFoot", "RightFoot",
            "Spine", "Chest", "UpperChest", "Neck", "Head", "LeftShoulder", "RightShoulder", "LeftUpperArm",
            "RightUpperArm", "LeftLowerArm", "RightLowerArm", "LeftHand", "RightHand", "LeftToes", "RightToes",
            "LeftEye", "RightEye", "Jaw",
            "LeftThumbProximal", "LeftThumbIntermediate", "LeftThumbDistal",
            "LeftIndexProximal", "LeftIndexIntermediate", "LeftIndexDistal",
            "LeftMiddleProximal", "LeftMiddleIntermediate", "LeftMiddleDistal",
            "LeftRingProximal", "LeftRingIntermediate", "LeftRingDistal",
            "LeftLittleProximal", "LeftLittleIntermediate", "LeftLittleDistal",
            "RightThumbProximal", "RightThumbIntermediate", "RightThumbDistal",
            "RightIndexProximal", "RightIndexIntermediate", "RightIndexDistal",
            "RightMiddleProximal", "RightMiddleIntermediate", "RightMiddleDistal",
            "RightRingProximal", "RightRingIntermediate", "RightRingDistal",
            "RightLittleProximal", "RightLittleIntermediate", "RightLittleDistal",
        };

        public const int k_Count = 55;
        public const int k_Hips = 0;
        const int k_LeftHand = 18;
        const int k_RightHand = 19;

        static readonly int[] k_Parents = BuildParents();
        static readonly bool[] k_Required = BuildRequired();
        static readonly Dictionary<string, int> k_ByKey = BuildIndex();

        static int[] BuildParents()
        {
            var p = new[]
            {
                -1, 0, 0, 1, 2, 3, 4,     // hips, legs, feet
                0, 7, 8, 9, 10, 9, 9,      // spine, chest, upper chest, neck, head, shoulders
                12, 13, 14, 15, 16, 17,    // arms, hands
                5, 6, 11, 11, 11,          // toes, eyes, jaw
            };
            var parents = new int[k_Count];
            Array.Copy(p, parents, p.Length);
            for (var finger = 0; finger < 10; finger++)
            {
                var first = 25 + finger * 3;
                parents[first] = finger < 5 ? k_LeftHand : k_RightHand;
                parents[first + 1] = first;
                parents[first + 2] = first + 1;
            }
            return parents;
        }

        static bool[] BuildRequired()
        {
            var r = new bool[k_Count];
            foreach (var i in new[] { 0, 1, 2, 3, 4, 5, 6, 7, 11, 14, 15, 16, 17, 18, 19 })
                r[i] = true;
            return r;
        }

        static Dictionary<string, int> BuildIndex()
        {
            var d = new Dictionary<string, int>();
            for (var i = 0; i < k_Names.Length; i++)
                d[Key(k_Names[i])] = i;
            return d;
        }

        /// <summary>Case-, space- and underscore-insensitive key: "Left Thumb Proximal" == "LeftThumbProximal".</summary>
        public static string Key(string name)
        {
            if (name == null) return "";
            var chars = new List<char>(name.Length);
            foreach (var c in name)
            {
                if (c == ' ' || c == '_' || c == '-' || c == '.') continue;
                chars.Add(char.ToLowerInvariant(c));
            }
            return new string(chars.ToArray());
        }

        /// <summary>HumanBodyBones index of a Mecanim bone name in any of its spellings, or -1.</summary>
        public static int IndexOf(string name)
        {
            int i;
            return k_ByKey.TryGetValue(Key(name), out i) ? i : -1;
        }

        public static int Parent(int index)
        {
            return k_Parents[index];
        }

        public static bool IsRequired(int index)
        {
            return k_Required[index];
        }

        public static IEnumerable<int> Required()
        {
            for (var i = 0; i < k_Count; i++)
                if (k_Required[i]) yield return i;
        }
    }
}
