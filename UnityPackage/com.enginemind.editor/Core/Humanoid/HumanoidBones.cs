using System;
using System.Collections.Generic;

namespace EngineMind.Core.Humanoid
{
    /// <summary>
    /// Mecanim's human bones indexed by UnityEngine.HumanBodyBones *value*, with the parent of each in the human
    /// hierarchy (as HumanTrait.GetParentBone) and the 15 required ones (as HumanTrait.RequiredBone). The enum's
    /// values are not its declaration order: UpperChest is declared after Chest but its value is 54, after the
    /// fingers (Neck = 9 ... RightLittleDistal = 53; UnityCsReference Modules/Animation/ScriptBindings/
    /// Avatar.bindings.cs). HumanTrait.BoneName, GetParentBone and RequiredBone all take and return these values
    /// (BoneName is NativeMethod "MonoBoneNames"; the others map through GetBoneIndexFromMono; HumanTrait.bindings.cs).
    /// The editor takes Mecanim's exact spelling ("Left Thumb Proximal") from HumanTrait.BoneName by matching names
    /// (<see cref="MecanimSpelling"/>), so a different order there could not scramble an avatar either.
    /// </summary>
    public static class HumanoidBones
    {
        public static readonly string[] k_Names =
        {
            "Hips", "LeftUpperLeg", "RightUpperLeg", "LeftLowerLeg", "RightLowerLeg", "LeftFoot", "RightFoot",
            "Spine", "Chest", "Neck", "Head", "LeftShoulder", "RightShoulder", "LeftUpperArm",
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
            "UpperChest",
        };

        public const int k_Count = 55;
        public const int k_Hips = 0;
        public const int k_Chest = 8;
        public const int k_UpperChest = 54;
        const int k_FirstFinger = 24;
        const int k_LeftHand = 17;
        const int k_RightHand = 18;

        static readonly int[] k_Parents = BuildParents();
        static readonly bool[] k_Required = BuildRequired();
        static readonly Dictionary<string, int> k_ByKey = BuildIndex();
        static readonly int[] k_HierarchyOrder = BuildHierarchyOrder();

        static int[] BuildParents()
        {
            var p = new[]
            {
                -1, 0, 0, 1, 2, 3, 4,                  // hips, legs, feet
                0, 7, k_UpperChest, 9,                 // spine, chest, neck (below the upper chest), head
                k_UpperChest, k_UpperChest, 11, 12,    // shoulders, upper arms
                13, 14, 15, 16,                        // lower arms, hands
                5, 6, 10, 10, 10,                      // toes, eyes, jaw
            };
            var parents = new int[k_Count];
            Array.Copy(p, parents, p.Length);
            for (var finger = 0; finger < 10; finger++)
            {
                var first = k_FirstFinger + finger * 3;
                parents[first] = finger < 5 ? k_LeftHand : k_RightHand;
                parents[first + 1] = first;
                parents[first + 2] = first + 1;
            }
            parents[k_UpperChest] = k_Chest;
            return parents;
        }

        static bool[] BuildRequired()
        {
            var r = new bool[k_Count];
            // Hips, upper/lower legs, feet, Spine, Head, upper/lower arms, hands (HumanTrait.RequiredBoneCount = 15)
            foreach (var i in new[] { 0, 1, 2, 3, 4, 5, 6, 7, 10, 13, 14, 15, 16, 17, 18 })
                r[i] = true;
            return r;
        }

        /// <summary>Every bone after its parent (UpperChest right after Chest): the order to list bones in.</summary>
        static int[] BuildHierarchyOrder()
        {
            var order = new List<int>();
            var placed = new bool[k_Count];
            while (order.Count < k_Count)
            {
                for (var i = 0; i < k_Count; i++)
                {
                    if (placed[i] || k_Parents[i] >= 0 && !placed[k_Parents[i]]) continue;
                    placed[i] = true;
                    order.Add(i);
                    if (i == k_Chest && !placed[k_UpperChest])
                    {
                        placed[k_UpperChest] = true;
                        order.Add(k_UpperChest);
                    }
                }
            }
            return order.ToArray();
        }

        /// <summary>All human bones, each after its human parent (for lists shown to the user).</summary>
        public static IEnumerable<int> InHierarchyOrder()
        {
            return k_HierarchyOrder;
        }

        /// <summary>
        /// Mecanim's exact spelling of every bone, indexed like <see cref="k_Names"/>, taken from
        /// <paramref name="boneNames"/> (HumanTrait.BoneName) by matching names, not positions. Throws when a bone is
        /// missing there, rather than building an avatar with shifted names.
        /// </summary>
        public static string[] MecanimSpelling(IList<string> boneNames)
        {
            if (boneNames == null) throw new ArgumentNullException("boneNames");
            var byKey = new Dictionary<string, string>();
            foreach (var n in boneNames)
                byKey[Key(n)] = n;
            var spelled = new string[k_Count];
            for (var i = 0; i < k_Count; i++)
            {
                string exact;
                if (!byKey.TryGetValue(Key(k_Names[i]), out exact))
                    throw new InvalidOperationException("HumanTrait.BoneName has no bone '" + k_Names[i] +
                        "': this Unity version's human bones differ from the package's table");
                spelled[i] = exact;
            }
            return spelled;
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
