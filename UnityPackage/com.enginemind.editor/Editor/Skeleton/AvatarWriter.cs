using System;
using System.Collections.Generic;
using EngineMind.Core.Humanoid;
using UnityEditor;
using UnityEngine;

namespace EngineMind.Editor.Skeleton
{
    /// <summary>Builds a Humanoid Avatar from a checked plan with AvatarBuilder.BuildHumanAvatar and saves it.</summary>
    internal static class AvatarWriter
    {
        public static HumanDescription Describe(IList<SkeletonNode> nodes, HumanoidPlan plan)
        {
            if (!plan.IsValid)
                throw new InvalidOperationException("the mapping has errors: " + string.Join("; ", plan.Errors.ToArray()));
            // Mecanim's exact spelling ("Left Thumb Proximal"), matched by name: HumanTrait.BoneName is in HumanBodyBones
            // value order, where UpperChest (54) comes after the fingers, so positions are easy to get wrong
            var mecanimNames = HumanoidBones.MecanimSpelling(HumanTrait.BoneName);
            var human = new List<HumanBone>();
            foreach (var a in plan.Assignments)
            {
                var limit = new HumanLimit();
                limit.useDefaultValues = true;
                var bone = new HumanBone();
                bone.boneName = a.SourceBone;
                bone.humanName = mecanimNames[a.HumanIndex];
                bone.limit = limit;
                human.Add(bone);
            }
            var skeleton = new List<SkeletonBone>();
            foreach (var n in nodes)
            {
                var sb = new SkeletonBone();
                sb.name = n.Name;
                sb.position = new Vector3((float)n.LocalPosition[0], (float)n.LocalPosition[1], (float)n.LocalPosition[2]);
                sb.rotation = new Quaternion((float)n.LocalRotation[0], (float)n.LocalRotation[1],
                    (float)n.LocalRotation[2], (float)n.LocalRotation[3]);
                sb.scale = new Vector3((float)n.LocalScale[0], (float)n.LocalScale[1], (float)n.LocalScale[2]);
                skeleton.Add(sb);
            }
            var desc = new HumanDescription();
            desc.human = human.ToArray();
            desc.skeleton = skeleton.ToArray();
            // Unity's importer defaults
            desc.upperArmTwist = 0.5f;
            desc.lowerArmTwist = 0.5f;
            desc.upperLegTwist = 0.5f;
            desc.lowerLegTwist = 0.5f;
            desc.armStretch = 0.05f;
            desc.legStretch = 0.05f;
            desc.feetSpacing = 0f;
            desc.hasTranslationDoF = false;
            return desc;
        }

        /// <summary>Build the avatar and save it as an asset; returns the asset path, or null when the user cancelled.</summary>
        public static string BuildAndSave(GameObject root, IList<SkeletonNode> nodes, HumanoidPlan plan)
        {
            var desc = Describe(nodes, plan);
            var avatar = AvatarBuilder.BuildHumanAvatar(root, desc);
            if (avatar == null || !avatar.isValid || !avatar.isHuman)
            {
                if (avatar != null) UnityEngine.Object.DestroyImmediate(avatar);
                throw new InvalidOperationException("Unity rejected the avatar (see the Console for Mecanim's reason): " +
                    "check that the model is in a T-pose and that each mapped bone is below its human parent");
            }
            avatar.name = root.name + "Avatar";
            var path = EditorUtility.SaveFilePanelInProject("Save Humanoid Avatar", avatar.name, "asset",
                "Where to save the Avatar built from the EngineMind mapping");
            if (string.IsNullOrEmpty(path))
            {
                UnityEngine.Object.DestroyImmediate(avatar);
                return null;
            }
            AssetDatabase.CreateAsset(avatar, path);
            AssetDatabase.SaveAssets();
            return path;
        }
    }
}
