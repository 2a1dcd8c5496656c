using System;
using System.Collections.Generic;
using EngineMind.Core.Jobs;
using EngineMind.Core.Json;
using EngineMind.Core.Planner;
using EngineMind.Core.Robots;
using NUnit.Framework;

namespace EngineMind.Tests
{
    [TestFixture]
    public class ArtifactAndPlannerTests
    {
        static JobListModel Job(string id, long artifactSeq, JobStatus state)
        {
            var jobs = new JobListModel();
            jobs.ApplySnapshot(new JobSnapshot { Id = id, Family = "posesplat", State = JobStatus.Running });
            if (artifactSeq > 0)
                jobs.ApplyEvent(new JobEventData { JobId = id, Seq = artifactSeq, Kind = JobEventKind.Artifact,
                    ArtifactKind = "image", ArtifactPath = "samples/step.png" });
            if (state != JobStatus.Running)
                jobs.ApplyEvent(new JobEventData { JobId = id, Seq = artifactSeq + 1, Kind = JobEventKind.State, State = state });
            return jobs;
        }

        static ArtifactEntry Img(string name, long seq, long size = 1000, bool available = true)
        {
            return new ArtifactEntry { Name = name, Kind = "image", Seq = seq, Size = size, Available = available };
        }

        [Test]
        public void ModelArtifactsDoNotCountAsFiles()
        {
            var jobs = Job("j1", 0, JobStatus.Running);
            jobs.ApplyEvent(new JobEventData { JobId = "j1", Seq = 4, Kind = JobEventKind.Artifact, ArtifactKind = "model",
                ArtifactModel = "m", ArtifactVersion = 1 });
            Assert.AreEqual(0, jobs.Find("j1").ArtifactSeq);
            jobs.ApplyEvent(new JobEventData { JobId = "j1", Seq = 5, Kind = JobEventKind.Artifact, ArtifactKind = "image",
                ArtifactPath = "loss.png" });
            Assert.AreEqual(5, jobs.Find("j1").ArtifactSeq);
        }

        [Test]
        public void ListsOnSelectionOnNewArtifactsAndAtTheEndOnly()
        {
            var jobs = Job("j1", 3, JobStatus.Running);
            var row = jobs.Find("j1");
            var book = new ArtifactBook();
            Assert.IsFalse(book.NeedsList(row), "nothing selected");
            Assert.IsTrue(book.Select("j1"));
            Assert.IsFalse(book.Select("j1"));
            Assert.IsTrue(book.NeedsList(row));
            book.ListStarted(row);
            Assert.IsFalse(book.NeedsList(row), "a listing is in flight");
            book.ApplyList("j1", new List<ArtifactEntry> { Img("a.png", 3) }, new List<string>());
            Assert.IsFalse(book.NeedsList(row), "nothing new");
            jobs.ApplyEvent(new JobEventData { JobId = "j1", Seq = 9, Kind = JobEventKind.Artifact, ArtifactKind = "image", ArtifactPath = "b.png" });
            Assert.IsTrue(book.NeedsList(row), "a new artifact event");
            book.ListStarted(row);
            book.ListFailed("j1", "UNAVAILABLE");
            Assert.AreEqual("artifacts: UNAVAILABLE", book.Note);
            Assert.IsFalse(book.NeedsList(row), "a failed listing waits for the next event or the end");
            book.Reload();
            Assert.IsTrue(book.NeedsList(row), "or for Details pressed again");
            book.ListStarted(row);
            book.ListFailed("j1", "UNAVAILABLE");
            jobs.ApplyEvent(new JobEventData { JobId = "j1", Seq = 10, Kind = JobEventKind.State, State = JobStatus.Succeeded });
            Assert.IsTrue(book.NeedsList(row), "the job ended");
            book.ListStarted(row);
            book.ApplyList("j1", new List<ArtifactEntry>(), new List<string>());
            Assert.IsFalse(book.NeedsList(row));
        }

        [Test]
        public void DownloadsNewAndRewrittenImagesNewestFirstAndDropsTheRest()
        {
            var book = new ArtifactBook();
            book.Select("j1");
            var listed = new List<ArtifactEntry>
            {
                Img("old.png", 2), Img("curve.png", 5), new ArtifactEntry { Name = "m.onnx", Kind = "file", Seq = 6, Size = 9, Available = true },
                Img("huge.png", 7, ArtifactBook.k_MaxImageBytes + 1), Img("remote.png", 8, 0, false),
            };
            var fetch = book.ApplyList("j1", listed, new List<string>());
            CollectionAssert.AreEqual(new[] { "curve.png", "old.png" }, Names(fetch));
            Assert.AreEqual(1, book.OtherFiles);
            CollectionAssert.AreEqual(new[] { "remote.png", "huge.png", "curve.png", "old.png" }, ShownNames(book));
            Assert.AreEqual(ArtifactState.Unavailable, book.Shown[0].State);
            Assert.AreEqual(ArtifactState.TooLarge, book.Shown[1].State);
            StringAssert.Contains("too large to preview", ArtifactBook.Caption(book.Shown[1]));
            Assert.IsNull(book.Large, "nothing loaded yet");
            Assert.IsTrue(book.OnLoaded("j1", "curve.png", 5));
            Assert.IsFalse(book.OnLoaded("j2", "curve.png", 5), "another job's picture");
            book.OnFailed("j1", "old.png", 2, "not a PNG/JPEG picture");
            Assert.AreEqual("curve.png", book.Large.Info.Name);
            // a relisting: curve.png rewritten (seq 11), old.png unchanged (failed: not tried again), still loading nothing else
            listed[1] = Img("curve.png", 11);
            var dropped = new List<string>();
            fetch = book.ApplyList("j1", listed, dropped);
            CollectionAssert.AreEqual(new[] { "curve.png" }, Names(fetch));
            Assert.AreEqual("curve.png", book.Shown[0].Info.Name, "rewritten: now the newest");
            Assert.AreEqual(ArtifactState.Loading, book.Shown[0].State);
            book.OnFailed("j1", "curve.png", 11, "DEADLINE_EXCEEDED");
            Assert.AreEqual(ArtifactState.Loaded, book.Shown[0].State, "the older picture stays");
            Assert.AreEqual(ArtifactState.Failed, book.Shown[3].State);
            // the curve disappears from the listing: its picture is dropped
            fetch = book.ApplyList("j1", new List<ArtifactEntry> { Img("old.png", 2) }, dropped);
            CollectionAssert.AreEqual(new[] { "curve.png" }, dropped);
            Assert.AreEqual(0, fetch.Count);
            Assert.IsNull(book.Large);
        }

        [Test]
        public void ShowsAtMostTheNewestTwelveAndIgnoresStaleListings()
        {
            var book = new ArtifactBook();
            book.Select("j1");
            var listed = new List<ArtifactEntry>();
            for (var i = 1; i <= 20; i++) listed.Add(Img("samples/step_" + i + ".png", i));
            Assert.AreEqual(ArtifactBook.k_MaxShown, book.ApplyList("j1", listed, new List<string>()).Count);
            Assert.AreEqual("samples/step_20.png", book.Shown[0].Info.Name);
            book.PickLarge("samples/step_9.png");
            Assert.AreEqual("samples/step_9.png", book.Large.Info.Name);
            book.PickLarge("samples/step_1.png"); // not shown: ignored
            Assert.AreEqual("samples/step_9.png", book.Large.Info.Name);
            Assert.IsTrue(book.Select("j2"));
            Assert.AreEqual(0, book.Shown.Count);
            Assert.AreEqual(0, book.ApplyList("j1", listed, new List<string>()).Count, "listing of the old job");
        }

        [Test]
        public void Sha256MatchesTheKnownDigest()
        {
            Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                ArtifactHash.Sha256Hex(System.Text.Encoding.ASCII.GetBytes("abc")));
        }

        static List<string> Names(IList<ArtifactEntry> list)
        {
            var names = new List<string>();
            foreach (var a in list) names.Add(a.Name);
            return names;
        }

        static List<string> ShownNames(ArtifactBook book)
        {
            var names = new List<string>();
            foreach (var s in book.Shown) names.Add(s.Info.Name);
            return names;
        }

        [Test]
        public void PlanTextRoundTripsTheLineGrammar()
        {
            var text = "move_to drawer speed=0.5\n\nopen drawer\ngrasp key force=10\nwait 2.5\nhand_over key alice";
            var steps = PlanText.Parse(text);
            Assert.AreEqual(5, steps.Count);
            Assert.AreEqual(0.5, steps[0].Args["speed"]);
            Assert.AreEqual(2.5, steps[3].Args["seconds"]);
            Assert.AreEqual("alice", steps[4].Destination);
            Assert.AreEqual(text.Replace("\n\n", "\n"), PlanText.Format(steps));
            var json = MiniJson.Serialize(PlanText.ToJson(steps));
            StringAssert.Contains("{\"action\":\"hand_over\",\"target\":\"key\",\"destination\":\"alice\"}", json);
        }

        [Test]
        public void PlanTextNamesTheBadLine()
        {
            string[][] cases =
            {
                new[] { "open drawer\nfly_to moon", "line 2: unknown action 'fly_to'" },
                new[] { "move_to Drawer", "line 1: 'Drawer' is not an entity name" },
                new[] { "place cup table shelf", "takes a target and at most one destination" },
                new[] { "move_to table speed=fast", "line 1: argument speed='fast' is not a number" },
                new[] { "wait 1 2", "wait takes one number of seconds" },
                new[] { "move_to table speed=NaN", "must be finite" },
            };
            foreach (var c in cases)
            {
                var e = Assert.Throws<FormatException>(() => PlanText.Parse(c[0]));
                StringAssert.Contains(c[1], e.Message);
            }
        }

        [Test]
        public void RobotPickerListsTheRobotsTabRobots()
        {
            var robots = new RobotStatusModel();
            robots.Apply(new RobotPrediction { RobotId = "r2", Kind = "battery", Score = 0.5, Time = 100 }, 100);
            robots.Apply(new RobotPrediction { RobotId = "r1", Kind = "battery", Score = 0.5, Time = 100 }, 100);
            CollectionAssert.AreEqual(new[] { PlannerSession.k_NoRobot, "r1", "r2" }, PlannerSession.RobotChoices(robots));
            CollectionAssert.AreEqual(new[] { PlannerSession.k_NoRobot }, PlannerSession.RobotChoices(null));
            Assert.AreEqual("", PlannerSession.RobotSummary(robots, PlannerSession.k_NoRobot, 101));
            StringAssert.Contains("r1: OK, battery 0.5", PlannerSession.RobotSummary(robots, "r1", 101));
            StringAssert.Contains("no live data", PlannerSession.RobotSummary(robots, "r9", 101));
        }

        [Test]
        public void PlanRequestChecksTheFormAndCarriesTheRobot()
        {
            var session = new PlannerSession();
            StringAssert.Contains("type a mission", Assert.Throws<FormatException>(() =>
                session.BeginPlan("  ", "{}", "rule", PlannerSession.k_NoRobot)).Message);
            StringAssert.Contains("at most 2000", Assert.Throws<FormatException>(() =>
                session.BeginPlan(new string('a', 2001), "{}", "rule", "r1")).Message);
            StringAssert.Contains("not a JSON object", Assert.Throws<FormatException>(() =>
                session.BeginPlan("go", "{\"objects\": [", "rule", "r1")).Message);
            StringAssert.Contains("rule, lm, auto", Assert.Throws<FormatException>(() =>
                session.BeginPlan("go", "{}", "magic", "r1")).Message);
            StringAssert.Contains("plan a mission first", Assert.Throws<FormatException>(() => session.ValidateJson("wait 1")).Message);
            var request = MiniJson.ParseObject(session.BeginPlan("open the drawer", PlannerSession.k_ExampleContext, "auto", "r1"));
            Assert.AreEqual("r1", request["robot_id"]);
            Assert.AreEqual("auto", request["planner"]);
            var context = MiniJson.ParseObject((string)request["context_json"]);
            Assert.IsTrue(context.ContainsKey("objects"));
            var none = MiniJson.ParseObject(session.BeginPlan("open the drawer", "", "rule", PlannerSession.k_NoRobot));
            Assert.AreEqual("", none["robot_id"]);
            Assert.AreEqual("{}", none["context_json"]);
        }

        const string k_Result = "{\"valid\": true, \"steps\": [{\"action\": \"move_to\", \"target\": \"drawer\", \"args\": {\"speed\": 1.0}}," +
            " {\"action\": \"open\", \"target\": \"drawer\"}], \"safety\": {\"verdict\": \"repaired\", \"reasons\": [\"step 1: speed" +
            " 2 m/s exceeds max_speed\"], \"notes\": [\"no telemetry for robot r1\"]}, \"planner\": \"rule\", \"latency_ms\": 2.14," +
            " \"errors\": [], \"success_criteria\": [\"drawer is open\"]}";

        [Test]
        public void PlanViewReadsTheResultJson()
        {
            var view = PlanView.FromResultJson(k_Result);
            Assert.IsTrue(view.Valid && view.Runnable);
            Assert.AreEqual("REPAIRED: valid plan, 2 steps (rule, 2.1 ms)", view.Headline());
            Assert.AreEqual("em-verdict--repaired", view.VerdictClass);
            CollectionAssert.AreEqual(new[] { "reason: step 1: speed 2 m/s exceeds max_speed", "note: no telemetry for robot r1" },
                view.Explanations());
            Assert.AreEqual("move_to drawer speed=1", PlanText.Line(view.Steps[0]));
            var rejected = PlanView.FromResultJson("{\"valid\": false, \"steps\": [], \"safety\": {\"verdict\": \"rejected\"," +
                " \"reasons\": [\"the mission asks to bypass safety\"]}, \"errors\": [\"the mission asks to bypass safety\"]}");
            Assert.IsFalse(rejected.Runnable);
            CollectionAssert.AreEqual(new[] { "error: the mission asks to bypass safety" }, rejected.Explanations());
        }

        [Test]
        public void CorrectionGoesWithTheRecordOnlyWhenItDiffers()
        {
            var session = new PlannerSession();
            session.BeginPlan("open the drawer", "{\"objects\": [\"key\"]}", "rule", "r1");
            session.OnPlanned(PlanView.FromResultJson(k_Result));
            Assert.AreEqual("move_to drawer speed=1\nopen drawer", session.CorrectionSeed());
            bool corrected;
            var same = MiniJson.ParseObject(session.RecordJson(session.CorrectionSeed(), true, "", out corrected));
            Assert.IsFalse(corrected);
            Assert.IsFalse(same.ContainsKey("correction"));
            Assert.AreEqual(true, same["success"]);
            Assert.AreEqual("r1", MiniJson.ParseObject((string)same["context_json"])["robot_id"]);
            var fixedPlan = MiniJson.ParseObject(session.RecordJson("move_to drawer speed=0.5\nopen drawer\nwait 2", false,
                "slower near the drawer", out corrected));
            Assert.IsTrue(corrected);
            Assert.AreEqual(3, ((List<object>)fixedPlan["correction"]).Count);
            Assert.AreEqual(2, ((List<object>)fixedPlan["plan"]).Count);
            Assert.AreEqual("slower near the drawer", fixedPlan["note"]);
            var check = MiniJson.ParseObject(session.ValidateJson("open drawer"));
            Assert.AreEqual("r1", check["robot_id"]);
            StringAssert.Contains("has no steps", Assert.Throws<FormatException>(() => session.ValidateJson("\n")).Message);
            session.OnPlanned(PlanView.FromResultJson("{\"valid\": false, \"steps\": [], \"safety\": {\"verdict\": \"rejected\"}}"));
            StringAssert.Contains("no executed plan", Assert.Throws<FormatException>(() =>
                session.RecordJson("open drawer", false, "", out corrected)).Message);
        }
    }
}
