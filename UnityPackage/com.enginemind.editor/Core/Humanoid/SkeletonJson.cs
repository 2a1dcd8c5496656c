using System.Collections.Generic;
using EngineMind.Core.Json;

namespace EngineMind.Core.Humanoid
{
    /// <summary>
    /// The skeleton JSON of DESIGN.md section 4 (CLI, tests, benchmarks): bones with parent, rest-pose position in
    /// component space and local rotation; Unity is Y-up and in metres, so up_axis "y" and units "m".
    /// Unity's axes are left-handed (+X right, +Y up, +Z forward) and the backend reads left and right off a
    /// right-handed rest pose, so both are mirrored across the YZ plane on the way out: position (-x, y, z),
    /// rotation (x, -y, -z, w). That is glTF's convention (UnityGLTF converts with a scale of (-1, 1, 1)): a
    /// humanoid facing +Z with its left hand on -X reaches the backend facing +Z with its left hand on +X. Sent
    /// unmirrored, every named rig drew a "names contradict the rest pose" warning and a rig without side names
    /// came back with its sides swapped.
    /// </summary>
    public static class SkeletonJson
    {
        public static Dictionary<string, object> Build(IList<SkeletonNode> nodes)
        {
            var positions = SkeletonMath.ComponentPositions(nodes);
            var bones = new List<object>();
            foreach (var n in nodes)
            {
                var p = positions[n.Name];
                bones.Add(new Dictionary<string, object>
                {
                    { "name", n.Name },
                    { "parent", n.Parent },
                    { "position", new List<object> { -p[0], p[1], p[2] } },
                    { "rotation", new List<object> { n.LocalRotation[0], -n.LocalRotation[1], -n.LocalRotation[2], n.LocalRotation[3] } },
                });
            }
            return new Dictionary<string, object>
            {
                { "bones", bones },
                { "up_axis", "y" },
                { "units", "m" },
            };
        }

        public static string Serialize(IList<SkeletonNode> nodes)
        {
            return MiniJson.Serialize(Build(nodes));
        }
    }
}
