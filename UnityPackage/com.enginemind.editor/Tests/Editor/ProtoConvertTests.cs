using System;
using System.Collections.Generic;
using EngineMind.Core.Connection;
using EngineMind.Core.Jobs;
using EngineMind.Editor.Transport;
using EngineMind.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NUnit.Framework;

namespace EngineMind.Tests
{
    /// <summary>
    /// Generated messages -> Core view-model types, and the hand-written method descriptors. These need the real
    /// Google.Protobuf and Grpc.Core.Api, so they run in Unity's Test Runner; CI only compiles them (tests/unity).
    /// </summary>
    [TestFixture]
    public class ProtoConvertTests
    {
        [Test]
        public void JobStatesKeepTheirNumbers()
        {
            foreach (JobState s in System.Enum.GetValues(typeof(JobState)))
            {
                var status = (JobStatus)(int)s;
                Assert.AreEqual(s.ToString().ToLowerInvariant(), status.ToString().ToLowerInvariant());
            }
            var snap = ProtoConvert.ToSnapshot(new Job { Id = "j", State = JobState.Running, Step = 3, Total = 9 });
            Assert.AreEqual(JobStatus.Running, snap.State);
            Assert.AreEqual(9L, snap.Total);
        }

        [Test]
        public void EveryEventKindIsCopied()
        {
            var p = ProtoConvert.ToEvent(new JobEvent { JobId = "j", Seq = 4, Progress = new Progress { Step = 5, Total = 10, EtaS = 2.5 } });
            Assert.AreEqual(JobEventKind.Progress, p.Kind);
            Assert.AreEqual(2.5, p.EtaSeconds, 0);
            var m = ProtoConvert.ToEvent(new JobEvent { Seq = 5, Metric = new Metric { Name = "loss", Value = 0.5, Step = 7 } });
            Assert.AreEqual("loss", m.MetricName);
            Assert.AreEqual(7L, m.Step);
            var s = ProtoConvert.ToEvent(new JobEvent { Seq = 6, State = new StateChange { State = JobState.Failed, Message = "oom" } });
            Assert.AreEqual(JobStatus.Failed, s.State);
            var a = ProtoConvert.ToEvent(new JobEvent { Seq = 7, Artifact = new Artifact { Kind = "model", Model = "m", Version = 2 } });
            Assert.AreEqual(2, a.ArtifactVersion);
            var l = ProtoConvert.ToEvent(new JobEvent { Seq = 8, Log = new LogLine { Level = "warning", Message = "x" } });
            Assert.AreEqual("warning", l.LogLevel);
            Assert.AreEqual(JobEventKind.None, ProtoConvert.ToEvent(new JobEvent { Seq = 9 }).Kind);
        }

        [Test]
        public void ConfigBecomesAStruct()
        {
            var s = ProtoConvert.ToStruct(new Dictionary<string, object>
            {
                { "steps", 3.0 }, { "name", "a" }, { "amp", true }, { "none", null },
                { "sizes", new List<object> { 1.0, 2.0 } }, { "opt", new Dictionary<string, object> { { "lr", 0.1 } } },
            });
            Assert.AreEqual(Value.KindOneofCase.NumberValue, s.Fields["steps"].KindCase);
            Assert.AreEqual("a", s.Fields["name"].StringValue);
            Assert.IsTrue(s.Fields["amp"].BoolValue);
            Assert.AreEqual(Value.KindOneofCase.NullValue, s.Fields["none"].KindCase);
            Assert.AreEqual(2, s.Fields["sizes"].ListValue.Values.Count);
            Assert.AreEqual(0.1, s.Fields["opt"].StructValue.Fields["lr"].NumberValue, 0);
            Assert.Throws<ArgumentException>(() => ProtoConvert.ToStruct(new Dictionary<string, object> { { "x", new object() } }));
        }

        [Test]
        public void MethodDescriptorsUseTheSharedPaths()
        {
            Assert.AreEqual(RpcSequence.k_JobsWatch, RpcMethods.JobsWatch.FullName);
            Assert.AreEqual(MethodType.ServerStreaming, RpcMethods.JobsWatch.Type);
            Assert.AreEqual(RpcSequence.k_Handshake, RpcMethods.Handshake.FullName);
            Assert.AreEqual(HealthWire.k_CheckMethod, RpcMethods.HealthCheck.FullName);
            Assert.AreEqual(RpcSequence.k_JobsGetArtifact, RpcMethods.JobsGetArtifact.FullName);
            Assert.AreEqual(MethodType.ServerStreaming, RpcMethods.JobsGetArtifact.Type);
            Assert.AreEqual(RpcSequence.k_PlannerRecord, RpcMethods.PlannerRecord.FullName);
        }

        [Test]
        public void ArtifactsAndCheckedPlansAreCopied()
        {
            var listing = new ListArtifactsResponse();
            listing.Artifacts.Add(new JobArtifact { Name = "model/loss_curve.png", Kind = "image", Size = 12, Seq = 9, Available = true });
            var a = ProtoConvert.ToArtifacts(listing)[0];
            Assert.IsTrue(a.IsImage && a.Available);
            Assert.AreEqual(9L, a.Seq);
            var checkedPlan = new ValidatePlanResponse { Valid = true, Safety = new SafetyVerdict { Verdict = "repaired" } };
            checkedPlan.Safety.Reasons.Add("speed limited");
            var step = new PlanStep { Action = "move_to", Target = "table" };
            step.Args.Add("speed", 0.5);
            checkedPlan.Steps.Add(step);
            var view = ProtoConvert.ToPlanView(checkedPlan);
            Assert.AreEqual("move_to table speed=0.5", EngineMind.Core.Planner.PlanText.Line(view.Steps[0]));
            CollectionAssert.AreEqual(new[] { "reason: speed limited" }, view.Explanations());
        }
    }
}
