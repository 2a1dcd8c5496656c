// A Mixamo-style rig in Unity coordinates (Y-up, metres, facing +Z so the character's left is -X), used by the
// Python replay test to map a realistic skeleton on the real backend.
using System.Collections.Generic;
using EngineMind.Core.Humanoid;

public static class SampleRig
{
    static readonly object[][] k_Bones =
    {
        new object[] { "Armature", null, 0.0, 0.0, 0.0 },
        new object[] { "mixamorig:Hips", "Armature", 0.0, 1.0, 0.0 },
        new object[] { "mixamorig:Spine", "mixamorig:Hips", 0.0, 1.1, 0.0 },
        new object[] { "mixamorig:Spine1", "mixamorig:Spine", 0.0, 1.25, 0.0 },
        new object[] { "mixamorig:Spine2", "mixamorig:Spine1", 0.0, 1.4, 0.0 },
        new object[] { "mixamorig:Neck", "mixamorig:Spine2", 0.0, 1.55, 0.0 },
        new object[] { "mixamorig:Head", "mixamorig:Neck", 0.0, 1.65, 0.0 },
        new object[] { "mixamorig:HeadTop_End", "mixamorig:Head", 0.0, 1.85, 0.0 },
        new object[] { "mixamorig:LeftShoulder", "mixamorig:Spine2", -0.06, 1.5, 0.0 },
        new object[] { "mixamorig:LeftArm", "mixamorig:LeftShoulder", -0.18, 1.5, 0.0 },
        new object[] { "mixamorig:LeftForeArm", "mixamorig:LeftArm", -0.45, 1.5, 0.0 },
        new object[] { "mixamorig:LeftHand", "mixamorig:LeftForeArm", -0.7, 1.5, 0.0 },
        new object[] { "mixamorig:LeftHandIndex1", "mixamorig:LeftHand", -0.8, 1.5, 0.02 },
        new object[] { "mixamorig:LeftHandIndex2", "mixamorig:LeftHandIndex1", -0.84, 1.5, 0.02 },
        new object[] { "mixamorig:LeftHandIndex3", "mixamorig:LeftHandIndex2", -0.87, 1.5, 0.02 },
        new object[] { "mixamorig:RightShoulder", "mixamorig:Spine2", 0.06, 1.5, 0.0 },
        new object[] { "mixamorig:RightArm", "mixamorig:RightShoulder", 0.18, 1.5, 0.0 },
        new object[] { "mixamorig:RightForeArm", "mixamorig:RightArm", 0.45, 1.5, 0.0 },
        new object[] { "mixamorig:RightHand", "mixamorig:RightForeArm", 0.7, 1.5, 0.0 },
        new object[] { "mixamorig:RightHandIndex1", "mixamorig:RightHand", 0.8, 1.5, 0.02 },
        new object[] { "mixamorig:RightHandIndex2", "mixamorig:RightHandIndex1", 0.84, 1.5, 0.02 },
        new object[] { "mixamorig:RightHandIndex3", "mixamorig:RightHandIndex2", 0.87, 1.5, 0.02 },
        new object[] { "mixamorig:LeftUpLeg", "mixamorig:Hips", -0.1, 0.95, 0.0 },
        new object[] { "mixamorig:LeftLeg", "mixamorig:LeftUpLeg", -0.1, 0.52, 0.0 },
        new object[] { "mixamorig:LeftFoot", "mixamorig:LeftLeg", -0.1, 0.08, 0.0 },
        new object[] { "mixamorig:LeftToeBase", "mixamorig:LeftFoot", -0.1, 0.0, 0.12 },
        new object[] { "mixamorig:RightUpLeg", "mixamorig:Hips", 0.1, 0.95, 0.0 },
        new object[] { "mixamorig:RightLeg", "mixamorig:RightUpLeg", 0.1, 0.52, 0.0 },
        new object[] { "mixamorig:RightFoot", "mixamorig:RightLeg", 0.1, 0.08, 0.0 },
        new object[] { "mixamorig:RightToeBase", "mixamorig:RightFoot", 0.1, 0.0, 0.12 },
    };

    /// <summary>Nodes with local positions (identity rotations), as HierarchyReader would read them.</summary>
    public static List<SkeletonNode> Nodes()
    {
        var world = new Dictionary<string, double[]>();
        var nodes = new List<SkeletonNode>();
        foreach (var b in k_Bones)
        {
            var name = (string)b[0];
            var parent = (string)b[1];
            var p = new[] { (double)b[2], (double)b[3], (double)b[4] };
            world[name] = p;
            var origin = parent == null ? new double[] { 0, 0, 0 } : world[parent];
            nodes.Add(new SkeletonNode
            {
                Name = name,
                Parent = parent,
                LocalPosition = new[] { p[0] - origin[0], p[1] - origin[1], p[2] - origin[2] },
            });
        }
        return nodes;
    }
}
