using System;
using System.Collections.Generic;
using EngineMind.Core.Format;
using EngineMind.Core.Jobs;
using NUnit.Framework;

namespace EngineMind.Tests
{
    [TestFixture]
    public class JobsTests
    {
        static JobEventData Ev(string id, long seq, JobEventKind kind)
        {
            return new JobEventData { JobId = id, Seq = seq, Time = 1000 + seq, Kind = kind };
        }

        [Test]
        public void WatchEventsDriveStateProgressMetricsAndModelLink()
        {
            var model = new JobListModel();
            model.ApplySnapshot(new JobSnapshot { Id = "j1", Family = "demo", State = JobStatus.Queued, CreatedAt = 10 });
            var running = Ev("j1", 1, JobEventKind.State);
            running.State = JobStatus.Running;
            Assert.IsTrue(model.ApplyEvent(running));
            var progress = Ev("j1", 2, JobEventKind.Progress);
            progress.Step = 25;
            progress.Total = 100;
            progress.EtaSeconds = 75;
            Assert.IsTrue(model.ApplyEvent(progress));
            for (var i = 0; i < 3; i++)
            {
                var m = Ev("j1", 3 + i, JobEventKind.Metric);
                m.MetricName = "loss";
                m.Step = i * 10;
                m.MetricValue = 1.0 / (i + 1);
                model.ApplyEvent(m);
            }
            var art = Ev("j1", 6, JobEventKind.Artifact);
            art.ArtifactKind = "model";
            art.ArtifactModel = "demo-mlp";
            art.ArtifactVersion = 3;
            model.ApplyEvent(art);
            var done = Ev("j1", 7, JobEventKind.State);
            done.State = JobStatus.Succeeded;
            model.ApplyEvent(done);

            var row = model.Find("j1");
            Assert.AreEqual(JobStatus.Succeeded, row.State);
            Assert.AreEqual(1.0, row.Fraction, 1e-9);
            Assert.AreEqual(3, row.Metric("loss").Count);
            Assert.AreEqual(0.5, row.Metric("loss").Points[1].Value, 1e-9);
            Assert.AreEqual("demo-mlp", row.ModelName);
            Assert.AreEqual(3, row.ModelVersion);
            Assert.AreEqual(7, row.LastSeq);
            Assert.AreEqual(1001.0, row.StartedAt, 1e-9);
            Assert.AreEqual(1007.0, row.FinishedAt, 1e-9);
        }

        [Test]
        public void ResumedStreamRepeatingEventsChangesNothing()
        {
            var model = new JobListModel();
            var p = Ev("j", 5, JobEventKind.Progress);
            p.Step = 50;
            p.Total = 100;
            Assert.IsTrue(model.ApplyEvent(p));
            var version = model.Version;
            var old = Ev("j", 4, JobEventKind.Progress);
            old.Step = 10;
            Assert.IsFalse(model.ApplyEvent(old));
            Assert.IsFalse(model.ApplyEvent(p));
            Assert.AreEqual(version, model.Version);
            Assert.AreEqual(50, model.Find("j").Step);
        }

        [Test]
        public void StaleSnapshotDoesNotUndoATerminalState()
        {
            var model = new JobListModel();
            var failed = Ev("j", 1, JobEventKind.State);
            failed.State = JobStatus.Failed;
            failed.Message = "CUDA out of memory";
            model.ApplyEvent(failed);
            model.ApplySnapshot(new JobSnapshot { Id = "j", State = JobStatus.Running, Step = 3 });
            Assert.AreEqual(JobStatus.Failed, model.Find("j").State);
            StringAssert.Contains("out of memory", model.Find("j").Log[0]);
        }

        [Test]
        public void RowsAreNewestFirstAndOnlyUnfinishedAreWatched()
        {
            var model = new JobListModel();
            model.ApplySnapshot(new JobSnapshot { Id = "old", CreatedAt = 1, State = JobStatus.Succeeded });
            model.ApplySnapshot(new JobSnapshot { Id = "new", CreatedAt = 3, State = JobStatus.Running });
            model.ApplySnapshot(new JobSnapshot { Id = "mid", CreatedAt = 2, State = JobStatus.Queued });
            var ids = new List<string>();
            foreach (var r in model.Rows) ids.Add(r.Id);
            CollectionAssert.AreEqual(new[] { "new", "mid", "old" }, ids);
            var watch = new List<string>();
            foreach (var r in model.RowsToWatch()) watch.Add(r.Id);
            CollectionAssert.AreEqual(new[] { "new", "mid" }, watch);
        }

        [Test]
        public void LogIsCapped()
        {
            var model = new JobListModel();
            for (var i = 1; i <= JobRow.k_MaxLogLines + 50; i++)
            {
                var e = Ev("j", i, JobEventKind.Log);
                e.Message = "line " + i;
                model.ApplyEvent(e);
            }
            var log = model.Find("j").Log;
            Assert.AreEqual(JobRow.k_MaxLogLines, log.Count);
            StringAssert.Contains("line " + (JobRow.k_MaxLogLines + 50), log[log.Count - 1]);
        }

        [Test]
        public void MetricSeriesSortsReplacesAndDecimates()
        {
            var s = new MetricSeries("loss");
            s.Add(10, 1);
            s.Add(5, 2);
            s.Add(10, 3);
            Assert.AreEqual(2, s.Count);
            Assert.AreEqual(5L, s.Points[0].Step);
            Assert.AreEqual(3.0, s.Points[1].Value, 0);
            for (var i = 11; i < 11 + MetricSeries.k_MaxPoints; i++) s.Add(i, i);
            Assert.IsTrue(s.Count <= MetricSeries.k_MaxPoints);
            Assert.AreEqual(10L + MetricSeries.k_MaxPoints, s.Last.Step);
        }

        [Test]
        public void CurvePolylineFitsTheBoxAndReducesPerPixel()
        {
            var s = new MetricSeries("loss");
            for (var i = 0; i <= 1000; i++) s.Add(i, i % 2 == 0 ? 1.0 : 0.0);
            var range = CurveGeometry.Bounds(new[] { s });
            var pts = CurveGeometry.Polyline(s, range, 104, 54, 2);
            Assert.IsTrue(pts.Count <= 2 * 101 + 2, "at most two points per pixel column, got " + pts.Count);
            foreach (var p in pts)
            {
                Assert.IsTrue(p.X >= 2 - 1e-3 && p.X <= 102 + 1e-3, "x inside");
                Assert.IsTrue(p.Y >= 2 - 1e-3 && p.Y <= 52 + 1e-3, "y inside");
            }
            var line = new MetricSeries("acc");
            line.Add(0, 0);
            line.Add(10, 1);
            var r2 = CurveGeometry.Bounds(new[] { line });
            var two = CurveGeometry.Polyline(line, r2, 100, 100, 0);
            Assert.AreEqual(2, two.Count);
            Assert.AreEqual(100.0, two[0].Y, 1e-3); // lowest value at the bottom
            Assert.AreEqual(0.0, two[1].Y, 1e-3);
            Assert.AreEqual(0, CurveGeometry.Polyline(line, r2, 3, 3, 2).Count);
        }

        [Test]
        public void FlatCurveGetsARange()
        {
            var s = new MetricSeries("x");
            s.Add(1, 5);
            s.Add(2, 5);
            var r = CurveGeometry.Bounds(new[] { s });
            Assert.IsTrue(r.MaxValue > r.MinValue);
        }

        [Test]
        public void ConfigFormParsesTypedValues()
        {
            var cfg = JobConfigParser.Parse("# comment\nepochs = 3\nlr = 1e-3\nname = run one\nuse_amp = true\nsizes = [1, 2]\n\n");
            Assert.AreEqual(3.0, (double)cfg["epochs"], 0);
            Assert.AreEqual(0.001, (double)cfg["lr"], 1e-12);
            Assert.AreEqual("run one", cfg["name"]);
            Assert.AreEqual(true, cfg["use_amp"]);
            Assert.AreEqual(2, ((List<object>)cfg["sizes"]).Count);
            Assert.AreEqual(1, JobConfigParser.Parse("{\"a\": {\"b\": 1}}").Count);
            var e = Assert.Throws<FormatException>(() => JobConfigParser.Parse("a = 1\njunk"));
            StringAssert.Contains("line 2", e.Message);
            Assert.Throws<FormatException>(() => JobConfigParser.Parse("a = 1\na = 2"));
        }

        [Test]
        public void ProgressTextShowsStepsPercentAndEta()
        {
            var model = new JobListModel();
            model.ApplySnapshot(new JobSnapshot { Id = "j", State = JobStatus.Running, Step = 120, Total = 500 });
            var row = model.Find("j");
            Assert.AreEqual("running 120/500 (24%) ETA unknown", Formatting.JobProgress(row));
            var p = Ev("j", 1, JobEventKind.Progress);
            p.Step = 120;
            p.Total = 500;
            p.EtaSeconds = 190;
            model.ApplyEvent(p);
            Assert.AreEqual("running 120/500 (24%) ETA 3m 10s", Formatting.JobProgress(row));
        }
    }
}
