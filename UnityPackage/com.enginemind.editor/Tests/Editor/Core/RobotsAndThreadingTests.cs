using System;
using System.Threading;
using EngineMind.Core.Robots;
using EngineMind.Core.Threading;
using NUnit.Framework;

namespace EngineMind.Tests
{
    [TestFixture]
    public class RobotsAndThreadingTests
    {
        static RobotPrediction P(string id, PredictionStatus s, double t)
        {
            return new RobotPrediction { RobotId = id, Kind = "collision_risk", Score = 0.4, Severity = s, Time = t };
        }

        [Test]
        public void RobotsGoStaleWithoutUpdatesAndSortWorstFirst()
        {
            var model = new RobotStatusModel { StaleAfterSeconds = 5 };
            model.Apply(P("r2", PredictionStatus.Ok, 100), 100);
            model.Apply(P("r1", PredictionStatus.Warn, 100), 100);
            model.Apply(P("r3", PredictionStatus.Error, 100), 100);
            var rows = model.Rows();
            Assert.AreEqual("r3", rows[0].RobotId);
            Assert.AreEqual("r1", rows[1].RobotId);
            Assert.IsFalse(model.Tick(104));
            model.Apply(P("r2", PredictionStatus.Ok, 104), 104);
            Assert.IsTrue(model.Tick(106));
            rows = model.Rows();
            // r1 and r3 went quiet: STALE (above OK), ordered by id; r2 kept reporting
            Assert.AreEqual("r1", rows[0].RobotId);
            Assert.AreEqual("STALE", RobotStatusModel.Label(rows[0].Status));
            Assert.AreEqual("r3", rows[1].RobotId);
            Assert.AreEqual(PredictionStatus.Stale, rows[1].Status);
            Assert.AreEqual(PredictionStatus.Ok, rows[2].Status);
            model.Apply(P("r3", PredictionStatus.Error, 107), 107);
            Assert.AreEqual("r3", model.Rows()[0].RobotId);
            Assert.AreEqual(PredictionStatus.Error, model.Rows()[0].Status);
        }

        [Test]
        public void StatusIsTheWorstKindOrDiagnostic()
        {
            var model = new RobotStatusModel();
            model.Apply(P("r", PredictionStatus.Ok, 10), 10);
            model.Apply(new RobotPrediction { RobotId = "r", Kind = "battery_tte", Score = 725, Label = "low_battery",
                Severity = PredictionStatus.Warn, Time = 10 }, 10);
            var row = model.Rows()[0];
            Assert.AreEqual(PredictionStatus.Warn, row.Status);
            Assert.AreEqual(2, row.Predictions.Count);
            Assert.AreEqual("battery_tte 12m 05s (low_battery)", RobotStatusModel.Describe(row.Predictions["battery_tte"]));
            Assert.AreEqual("collision_risk 40%", RobotStatusModel.Describe(row.Predictions["collision_risk"]));
            model.Apply(new RobotDiagnostic { RobotId = "r", Name = "link", Level = PredictionStatus.Error, Message = "lost" }, 11);
            Assert.AreEqual(PredictionStatus.Error, model.Rows()[0].Status);
            model.Apply(new RobotDiagnostic { RobotId = "r", Name = "link", Level = PredictionStatus.Ok }, 12);
            Assert.AreEqual(PredictionStatus.Warn, model.Rows()[0].Status);
            model.OnEnvelope(3, 13);
            model.OnEnvelope(2, 14);
            Assert.AreEqual(5L, model.Dropped);
            Assert.AreEqual(14.0, model.LastMessage, 0);
        }

        [Test]
        public void OutOfOrderPredictionsAreIgnored()
        {
            var model = new RobotStatusModel();
            model.Apply(P("r", PredictionStatus.Error, 10), 10);
            model.Apply(P("r", PredictionStatus.Ok, 9), 10.5);
            Assert.AreEqual(PredictionStatus.Error, model.Rows()[0].Status);
            Assert.AreEqual(0f, RobotStatusModel.Bar(double.NaN));
            Assert.AreEqual(1f, RobotStatusModel.Bar(7));
            Assert.Throws<System.ArgumentException>(() => model.Apply(new RobotPrediction { RobotId = "" }, 1));
        }

        [Test]
        public void QueueRunsPostsFromOtherThreadsAndSurvivesErrors()
        {
            var q = new MainThreadQueue();
            var errors = 0;
            q.Error += e => errors++;
            var sum = 0;
            var threads = new Thread[4];
            for (var t = 0; t < threads.Length; t++)
            {
                threads[t] = new Thread(() =>
                {
                    for (var i = 0; i < 100; i++) q.Post(() => sum++);
                    q.Post(() => { throw new InvalidOperationException("boom"); });
                });
                threads[t].Start();
            }
            foreach (var t in threads) t.Join();
            var ran = q.Drain(10000);
            Assert.AreEqual(404, ran);
            Assert.AreEqual(400, sum);
            Assert.AreEqual(4, errors);
            Assert.AreEqual(0, q.Pending);
        }

        [Test]
        public void QueueStopsAtTheTimeBudget()
        {
            var q = new MainThreadQueue();
            for (var i = 0; i < 5; i++) q.Post(() => Thread.Sleep(20));
            var ran = q.Drain(30);
            Assert.IsTrue(ran >= 1 && ran < 5, "ran " + ran);
            Assert.AreEqual(5 - ran, q.Pending);
        }
    }
}
