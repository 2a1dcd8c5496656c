using System.Collections.Generic;
using System.IO;
using EngineMind.Core.Humanoid;
using UnityEditor;
using UnityEngine;

namespace EngineMind.Samples
{
    /// <summary>
    /// Sample: export the selected model's skeleton as EngineMind skeleton JSON from your own editor code, using the
    /// package's public Core API (SkeletonNode, SkeletonJson, HumanoidMapper), and print a mapping check.
    /// </summary>
    public static class SkeletonExportSample
    {
        [MenuItem("Tools/EngineMind Samples/Export Selected Skeleton JSON")]
        static void Export()
        {
            var root = Selection.activeGameObject;
            if (root == null)
            {
                EditorUtility.DisplayDialog("EngineMind sample", "Select a model first.", "OK");
                return;
            }
            var nodes = new List<SkeletonNode>();
            foreach (var t in root.GetComponentsInChildren<Transform>(true))
            {
                var p = t.localPosition;
                var r = t.localRotation;
                nodes.Add(new SkeletonNode
                {
                    Name = t.name,
                    Parent = t == root.transform ? null : t.parent.name,
                    LocalPosition = new double[] { p.x, p.y, p.z },
                    LocalRotation = new double[] { r.x, r.y, r.z, r.w },
                });
            }
            var duplicates = SkeletonMath.DuplicateNames(nodes);
            if (duplicates.Count > 0)
                Debug.LogWarning("Mecanim needs unique transform names; rename: " + string.Join(", ", duplicates.ToArray()));
            var path = EditorUtility.SaveFilePanel("Save skeleton JSON", "", root.name + ".skeleton.json", "json");
            if (string.IsNullOrEmpty(path)) return;
            File.WriteAllText(path, SkeletonJson.Serialize(nodes));
            Debug.Log("EngineMind: wrote " + nodes.Count + " bones to " + path);
        }
    }
}
