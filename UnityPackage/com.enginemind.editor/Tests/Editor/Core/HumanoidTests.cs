using System.Collections.Generic;
using EngineMind.Core.Humanoid;
using EngineMind.Core.Json;
using NUnit.Framework;

namespace EngineMind.Tests
{
    [TestFixture]
    public class HumanoidTests
    {
        // A Mixamo-like rig: root/hips/spine/... with left and right limbs.
        static readonly string[][] k_Rig =
        {
            new[] { "Root", null }, new[] { "mixamorig:Hips", "Root" },
            new[] { "mixamorig:Spine", "mixamorig:Hips" }, new[] { "mixamorig:Spine1", "mixamorig:Spine" },
            new[] { "mixamorig:Neck", "mixamorig:Spine1" }, new[] { "mixamorig:Head", "mixamorig:Neck" },
            new[] { "mixamorig:LeftArm", "mixamorig:Spine1" }, new[] { "mixamorig:LeftForeArm", "mixamorig:LeftArm" },
            new[] { "mixamorig:LeftHand", "mixamorig:LeftForeArm" },
            new[] { "mixamorig:RightArm", "mixamorig:Spine1" }, new[] { "mixamorig:RightForeArm", "mixamorig:RightArm" },
            new[] { "mixamorig:RightHand", "mixamorig:RightForeArm" },
            new[] { "mixamorig:LeftUpLeg", "mixamorig:Hips" }, new[] { "mixamorig:LeftLeg", "mixamorig:LeftUpLeg" },
            new[] { "mixamorig:LeftFoot", "mixamorig:LeftLeg" },
            new[] { "mixamorig:RightUpLeg", "mixamorig:Hips" }, new[] { "mixamorig:RightLeg", "mixamorig:RightUpLeg" },
            new[] { "mixamorig:RightFoot", "mixamorig:RightLeg" },
            new[] { "mixamorig:LeftHandThumb1", "mixamorig:LeftHand" },
        };

        static List<SkeletonNode> Nodes()
        {
            var list = new List<SkeletonNode>();
            foreach (var b in k_Rig)
                list.Add(new SkeletonNode { Name = b[0], Parent = b[1], LocalPosition = new double[] { 0, 0.1, 0 } });
            return list;
        }

        static Dictionary<string, string> Mapping()
        {
            return new Dictionary<string, string>
            {
                { "Root", null }, { "mixamorig:Hips", "Hips" }, { "mixamorig:Spine", "Spine" },
                { "mixamorig:Spine1", "Chest" }, { "mixamorig:Neck", "Neck" }, { "mixamorig:Head", "Head" },
                { "mixamorig:LeftArm", "LeftUpperArm" }, { "mixamorig:LeftForeArm", "LeftLowerArm" },
                { "mixamorig:LeftHand", "LeftHand" }, { "mixamorig:RightArm", "RightUpperArm" },
                { "mixamorig:RightForeArm", "RightLowerArm" }, { "mixamorig:RightHand", "RightHand" },
                { "mixamorig:LeftUpLeg", "LeftUpperLeg" }, { "mixamorig:LeftLeg", "LeftLowerLeg" },
                { "mixamorig:LeftFoot", "LeftFoot" }, { "mixamorig:RightUpLeg", "RightUpperLeg" },
                { "mixamorig:RightLeg", "RightLowerLeg" }, { "mixamorig:RightFoot", "RightFoot" },
                { "mixamorig:LeftHandThumb1", "Left Thumb Proximal" },
            };
        }

        static Dictionary<string, double> Confidence(double value)
        {
            var c = new Dictionary<string, double>();
            foreach (var kv in Mapping()) c[kv.Key] = value;
            return c;
        }

        [Test]
        public void BoneTableMatchesMecanim()
        {
            Assert.AreEqual(HumanoidBones.k_Count, HumanoidBones.k_Names.Length);
            var required = new List<int>(HumanoidBones.Required());
            Assert.AreEqual(15, required.Count);
            Assert.AreEqual(-1, HumanoidBones.Parent(HumanoidBones.k_Hips));
            Assert.AreEqual(HumanoidBones.IndexOf("LeftHand"), HumanoidBones.Parent(HumanoidBones.IndexOf("Left Thumb Proximal")));
            Assert.AreEqual(HumanoidBones.IndexOf("UpperChest"), HumanoidBones.Parent(HumanoidBones.IndexOf("Neck")));
            // HumanBodyBones values (UnityCsReference Avatar.bindings.cs): not the declaration order
            Assert.AreEqual(9, HumanoidBones.IndexOf("Neck"));
            Assert.AreEqual(10, HumanoidBones.IndexOf("Head"));
            Assert.AreEqual(24, HumanoidBones.IndexOf("left_thumb_proximal"));
            Assert.AreEqual(53, HumanoidBones.IndexOf("Right Little Distal"));
            Assert.AreEqual(54, HumanoidBones.IndexOf("UpperChest"));
            Assert.AreEqual(HumanoidBones.IndexOf("Chest"), HumanoidBones.Parent(54));
            Assert.AreEqual(-1, HumanoidBones.IndexOf("Tail"));
            foreach (var name in new[] { "Hips", "Spine", "Head", "LeftUpperArm", "RightHand", "LeftFoot" })
                Assert.IsTrue(HumanoidBones.IsRequired(HumanoidBones.IndexOf(name)), name);
            foreach (var name in new[] { "Chest", "UpperChest", "Neck", "LeftShoulder", "Jaw" })
                Assert.IsFalse(HumanoidBones.IsRequired(HumanoidBones.IndexOf(name)), name);
            var seen = new HashSet<int>();
            foreach (var i in HumanoidBones.InHierarchyOrder())
            {
                Assert.IsTrue(HumanoidBones.Parent(i) < 0 || seen.Contains(HumanoidBones.Parent(i)), "parents come first: " + i);
                seen.Add(i);
            }
            Assert.AreEqual(HumanoidBones.k_Count, seen.Count);
        }

        [Test]
        public void MecanimSpellingMatchesNamesNotPositions()
        {
            // HumanTrait.BoneName as Unity returns it: HumanBodyBones value order, fingers spelled with spaces
            var unity = new List<string>();
            for (var i = 0; i < HumanoidBones.k_Count; i++)
            {
                var n = HumanoidBones.k_Names[i];
                var finger = i >= 24 && i <= 53;
                unity.Add(finger ? System.Text.RegularExpressions.Regex.Replace(n, "(?<=[a-z])(?=[A-Z])", " ") : n);
            }
            var spelled = HumanoidBones.MecanimSpelling(unity);
            Assert.AreEqual("Neck", spelled[HumanoidBones.IndexOf("Neck")]);
            Assert.AreEqual("Head", spelled[HumanoidBones.IndexOf("Head")]);
            Assert.AreEqual("UpperChest", spelled[HumanoidBones.IndexOf("UpperChest")]);
            Assert.AreEqual("Left Thumb Proximal", spelled[HumanoidBones.IndexOf("LeftThumbProximal")]);
            // a reordered list gives the same spelling per bone
            unity.Reverse();
            CollectionAssert.AreEqual(spelled, HumanoidBones.MecanimSpelling(unity));
            unity.RemoveAt(0);
            Assert.Throws<System.InvalidOperationException>(() => HumanoidBones.MecanimSpelling(unity));
        }

        [Test]
        public void ConfidentCompleteMappingIsValid()
        {
            var plan = HumanoidMapper.Plan(Nodes(), Mapping(), Confidence(0.95), null, 0.6);
            Assert.IsTrue(plan.IsValid, string.Join("; ", plan.Errors.ToArray()));
            Assert.AreEqual(18, plan.Assignments.Count);
            Assert.AreEqual(0, plan.ToReview().Count);
            Assert.AreEqual("mixamorig:LeftHandThumb1", plan.ForHuman(HumanoidBones.IndexOf("LeftThumbProximal")).SourceBone);
            Assert.AreEqual(k_Rig.Length, plan.SkeletonBones.Count);
        }

        [Test]
        public void LowConfidenceBonesAreFlaggedForReview()
        {
            var conf = Confidence(0.95);
            conf["mixamorig:Spine1"] = 0.3;
            var plan = HumanoidMapper.Plan(Nodes(), Mapping(), conf, null, 0.6);
            var review = plan.ToReview();
            Assert.AreEqual(1, review.Count);
            Assert.AreEqual("Chest", review[0].HumanName);
        }

        [Test]
        public void MissingRequiredBoneIsAnError()
        {
            var mapping = Mapping();
            mapping["mixamorig:LeftFoot"] = null;
            var plan = HumanoidMapper.Plan(Nodes(), mapping, Confidence(0.9), null, 0.6);
            Assert.IsFalse(plan.IsValid);
            StringAssert.Contains("LeftFoot is not mapped", plan.Errors[0]);
        }

        [Test]
        public void ChildMappedAboveItsHumanParentIsAnError()
        {
            var mapping = Mapping();
            mapping["mixamorig:LeftArm"] = "LeftLowerArm";
            mapping["mixamorig:LeftForeArm"] = "LeftUpperArm";
            var plan = HumanoidMapper.Plan(Nodes(), mapping, Confidence(0.9), null, 0.6);
            Assert.IsFalse(plan.IsValid);
            Assert.IsTrue(plan.Errors.Exists(e => e.Contains("LeftLowerArm ('mixamorig:LeftArm') must be below LeftUpperArm")),
                string.Join("; ", plan.Errors.ToArray()));
        }

        [Test]
        public void ConflictsKeepTheMoreConfidentBone()
        {
            var mapping = Mapping();
            mapping["mixamorig:Spine1"] = "Spine";
            var conf = Confidence(0.9);
            conf["mixamorig:Spine1"] = 0.5;
            var plan = HumanoidMapper.Plan(Nodes(), mapping, conf, null, 0.6);
            Assert.AreEqual("mixamorig:Spine", plan.ForHuman(HumanoidBones.IndexOf("Spine")).SourceBone);
            Assert.IsTrue(plan.ForHuman(HumanoidBones.IndexOf("Spine")).NeedsReview);
            Assert.AreEqual(1, plan.Warnings.Count);
            Assert.IsTrue(plan.IsValid);
        }

        [Test]
        public void UserCorrectionsWinAndBecomeFeedback()
        {
            var mapping = Mapping();
            mapping["mixamorig:Neck"] = "Head";
            mapping["mixamorig:Head"] = null;
            var overrides = new Dictionary<string, string> { { "mixamorig:Neck", "Neck" }, { "mixamorig:Head", "Head" } };
            var plan = HumanoidMapper.Plan(Nodes(), mapping, Confidence(0.4), overrides, 0.6);
            Assert.AreEqual("mixamorig:Head", plan.ForHuman(HumanoidBones.IndexOf("Head")).SourceBone);
            Assert.IsTrue(plan.ForHuman(HumanoidBones.IndexOf("Head")).FromUser);
            Assert.AreEqual(2, plan.Corrections.Count);
            var neck = plan.Corrections.Find(c => c.SourceBone == "mixamorig:Neck");
            Assert.AreEqual("Head", neck.Predicted);
            Assert.AreEqual("Neck", neck.Corrected);
        }

        [Test]
        public void UnknownTargetsAndBonesAreWarnings()
        {
            var mapping = Mapping();
            mapping["mixamorig:LeftHandThumb1"] = "Tail";
            mapping["NotInModel"] = "Jaw";
            var plan = HumanoidMapper.Plan(Nodes(), mapping, Confidence(0.9), null, 0.6);
            Assert.AreEqual(2, plan.Warnings.Count);
            Assert.IsTrue(plan.IsValid);
        }

        [Test]
        public void DuplicateTransformNamesAreErrors()
        {
            var nodes = Nodes();
            nodes.Add(new SkeletonNode { Name = "mixamorig:Head", Parent = "Root" });
            var plan = HumanoidMapper.Plan(nodes, Mapping(), Confidence(0.9), null, 0.6);
            StringAssert.Contains("'mixamorig:Head' is used more than once", plan.Errors[0]);
        }

        [Test]
        public void ComponentPositionsFollowRotationAndScale()
        {
            var nodes = new List<SkeletonNode>
            {
                new SkeletonNode { Name = "root", LocalPosition = new double[] { 5, 5, 5 } },
                // rotated 90 degrees about Y, scaled 2
                new SkeletonNode { Name = "a", Parent = "root", LocalPosition = new double[] { 0, 1, 0 },
                    LocalRotation = new[] { 0, System.Math.Sqrt(0.5), 0, System.Math.Sqrt(0.5) }, LocalScale = new double[] { 2, 2, 2 } },
                new SkeletonNode { Name = "b", Parent = "a", LocalPosition = new double[] { 1, 0, 0 } },
            };
            var pos = SkeletonMath.ComponentPositions(nodes);
            Assert.AreEqual(0.0, pos["root"][1], 1e-9);
            Assert.AreEqual(1.0, pos["a"][1], 1e-9);
            // +X rotated 90 degrees about +Y is -Z; scaled by 2
            Assert.AreEqual(0.0, pos["b"][0], 1e-9);
            Assert.AreEqual(1.0, pos["b"][1], 1e-9);
            Assert.AreEqual(-2.0, pos["b"][2], 1e-9);
        }

        [Test]
        public void SkeletonJsonFollowsTheDesignContract()
        {
            var json = SkeletonJson.Serialize(Nodes());
            var obj = MiniJson.ParseObject(json);
            Assert.AreEqual("y", obj["up_axis"]);
            Assert.AreEqual("m", obj["units"]);
            var bones = (List<object>)obj["bones"];
            Assert.AreEqual(k_Rig.Length, bones.Count);
            var hips = (Dictionary<string, object>)bones[1];
            Assert.AreEqual("mixamorig:Hips", hips["name"]);
            Assert.AreEqual("Root", hips["parent"]);
            Assert.IsNull(((Dictionary<string, object>)bones[0])["parent"]);
            Assert.AreEqual(4, ((List<object>)hips["rotation"]).Count);
        }

        [Test]
        public void SkeletonJsonMirrorsUnitysLeftHandedAxes()
        {
            // a left arm on -X (Unity: +X right, +Z forward) leaves on +X, as glTF has it; a turn about the up axis
            // (yaw) reverses in the mirror, a turn about X (the mirror's normal) does not
            var s = System.Math.Sqrt(0.5);
            var nodes = new List<SkeletonNode>
            {
                new SkeletonNode { Name = "Hips", Parent = null, LocalPosition = new double[] { 0, 1, 0 } },
                new SkeletonNode { Name = "LeftArm", Parent = "Hips", LocalPosition = new double[] { -0.2, 0.4, 0.05 },
                                   LocalRotation = new double[] { 0, s, 0, s } },
                new SkeletonNode { Name = "LeftLeg", Parent = "Hips", LocalPosition = new double[] { -0.1, -0.5, 0 },
                                   LocalRotation = new double[] { s, 0, 0, s } },
            };
            var bones = (List<object>)SkeletonJson.Build(nodes)["bones"];
            var arm = (Dictionary<string, object>)bones[1];
            var pos = (List<object>)arm["position"];
            Assert.AreEqual(0.2, (double)pos[0], 1e-9);
            Assert.AreEqual(0.4, (double)pos[1], 1e-9);  // relative to the root
            Assert.AreEqual(0.05, (double)pos[2], 1e-9);
            var yaw = (List<object>)arm["rotation"];
            Assert.AreEqual(-s, (double)yaw[1], 1e-12);
            Assert.AreEqual(s, (double)yaw[3], 1e-12);
            var pitch = (List<object>)((Dictionary<string, object>)bones[2])["rotation"];
            Assert.AreEqual(s, (double)pitch[0], 1e-12);
            Assert.AreEqual(0.0, (double)pitch[1], 1e-12);
        }
    }
}

namespace EngineMind.Tests
{
    [TestFixture]
    public class MappingResultTests
    {
        [Test]
        public void ParsesTheDesignContract()
        {
            var r = MappingResult.Parse("{\"target\": \"unity_humanoid\", \"mapping\": {\"pelvis\": \"Hips\", \"ik_foot\": null}," +
                                        " \"confidence\": {\"pelvis\": 0.97, \"ik_foot\": 0.1}, \"chains\": []}");
            Assert.IsNull(r.CheckTarget());
            Assert.AreEqual("Hips", r.Mapping["pelvis"]);
            Assert.IsNull(r.Mapping["ik_foot"]);
            Assert.AreEqual(0.97, r.Confidence["pelvis"], 1e-12);
            var other = MappingResult.Parse("{\"target\": \"ue5_manny\", \"mapping\": {}}");
            StringAssert.Contains("map again with target unity_humanoid", other.CheckTarget());
        }

        [Test]
        public void RejectsMalformedResults()
        {
            Assert.Throws<System.FormatException>(() => MappingResult.Parse("{\"target\": \"unity_humanoid\"}"));
            Assert.Throws<System.FormatException>(() => MappingResult.Parse("{\"mapping\": {\"a\": 3}}"));
            Assert.Throws<System.FormatException>(() => MappingResult.Parse("{\"mapping\": {}, \"confidence\": {\"a\": 1.5}}"));
        }

        [Test]
        public void FeedbackListsCorrections()
        {
            var json = MappingResult.FeedbackJson(new[] { new MappingCorrection { SourceBone = "neck_01", Predicted = "Head", Corrected = "Neck" } },
                MappingResult.k_UnityTarget);
            var obj = MiniJson.ParseObject(json);
            var first = (Dictionary<string, object>)((List<object>)obj["corrections"])[0];
            Assert.AreEqual("Neck", first["corrected"]);
        }
    }
}

namespace EngineMind.Tests
{
    [TestFixture]
    public class SkeletonRequestTests
    {
        [Test]
        public void MapRequestUsesProtoFieldNamesAndEmptyRootParent()
        {
            var nodes = new List<SkeletonNode>
            {
                new SkeletonNode { Name = "root" },
                new SkeletonNode { Name = "hips", Parent = "root", LocalPosition = new double[] { 0, 1, 0 } },
            };
            var req = MiniJson.ParseObject(SkeletonRequest.MapJson(nodes, MappingResult.k_UnityTarget));
            Assert.AreEqual("unity_humanoid", req["target"]);
            var skeleton = (Dictionary<string, object>)req["skeleton"];
            Assert.AreEqual("y", skeleton["up_axis"]);
            var bones = (List<object>)skeleton["bones"];
            Assert.AreEqual("", ((Dictionary<string, object>)bones[0])["parent"]);
            Assert.AreEqual(1.0, (double)((List<object>)((Dictionary<string, object>)bones[1])["position"])[1], 0);
        }

        [Test]
        public void FeedbackUsesTheTargetsSpelling()
        {
            var json = SkeletonRequest.FeedbackJson(new List<SkeletonNode> { new SkeletonNode { Name = "a" } }, "unity_humanoid",
                new[]
                {
                    new MappingCorrection { SourceBone = "a", Predicted = "Chest", Corrected = "Upper Chest" },
                    new MappingCorrection { SourceBone = "b", Predicted = "Jaw", Corrected = "" },
                }, "note");
            var corrections = (List<object>)MiniJson.ParseObject(json)["corrections"];
            Assert.AreEqual("UpperChest", ((Dictionary<string, object>)corrections[0])["target"]);
            Assert.AreEqual("", ((Dictionary<string, object>)corrections[1])["target"]);
        }
    }
}
