using System.Collections.Generic;
using EngineMind.Core.Humanoid;
using UnityEngine;

namespace EngineMind.Editor.Skeleton
{
    /// <summary>Reads a model's Transform hierarchy (names, parents, local rest pose) into Core's SkeletonNodes.</summary>
    internal static class HierarchyReader
    {
        public static List<SkeletonNode> Read(GameObject root)
        {
            var nodes = new List<SkeletonNode>();
            // depth-first, parents before children, the root first; inactive transforms too
            foreach (var t in root.GetComponentsInChildren<Transform>(true))
            {
                var p = t.localPosition;
                var r = t.localRotation;
                var s = t.localScale;
                nodes.Add(new SkeletonNode
                {
                    Name = t.name,
                    Parent = t == root.transform || t.parent == null ? null : t.parent.name,
                    LocalPosition = new double[] { p.x, p.y, p.z },
                    LocalRotation = new double[] { r.x, r.y, r.z, r.w },
                    LocalScale = new double[] { s.x, s.y, s.z },
                });
            }
            return nodes;
        }
    }
}
