using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using EngineMind.Core.Connection;
using EngineMind.Core.Jobs;
using NUnit.Framework;

namespace EngineMind.Tests
{
    public class FakeHttp2Handler
    {
        public bool Http2Only { get; set; }
    }

    [TestFixture]
    public class LauncherAndWatchTests
    {
        string m_Dir;

        [SetUp]
        public void SetUp()
        {
            m_Dir = Path.Combine(Path.GetTempPath(), "em-launch-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(m_Dir);
        }

        static bool IsUnix
        {
            get { return Environment.OSVersion.Platform == PlatformID.Unix || Environment.OSVersion.Platform == PlatformID.MacOSX; }
        }

        string Script(string body)
        {
            var path = Path.Combine(m_Dir, "fake-enginemind.sh");
            File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
            using (var chmod = System.Diagnostics.Process.Start("chmod", "+x " + path))
                chmod.WaitForExit();
            return path;
        }

        [Test]
        public void StartsWaitsForDiscoveryAndStops()
        {
            if (!IsUnix) Assert.Ignore("uses a /bin/sh stand-in for the backend");
            var data = Path.Combine(m_Dir, "data dir");
            // a stand-in backend: writes server.json with its own pid (as enginemind serve does), then serves forever
            var exe = Script("echo starting; sleep 0.3; echo '{\"port\": 5555, \"pid\": '$$', \"token_file\": \"token\"}' > \"$3/server.json.tmp\"; " +
                "mv \"$3/server.json.tmp\" \"$3/server.json\"; exec sleep 30");
            using (var launcher = new BackendLauncher { Executable = exe })
            {
                launcher.Start(data);
                var info = launcher.WaitForDiscovery(data, TimeSpan.FromSeconds(10), CancellationToken.None);
                Assert.AreEqual(5555, info.Port);
                Assert.AreEqual(launcher.Process.Id, info.Pid);
                Assert.IsTrue(BackendLauncher.IsAlive(info.Pid));
                var e = Assert.Throws<InvalidOperationException>(() => launcher.Start(data));
                StringAssert.Contains("already", e.Message);
                Assert.IsTrue(BackendLauncher.Stop(info.Pid, TimeSpan.FromSeconds(5)));
                Assert.IsFalse(launcher.IsRunning);
                StringAssert.Contains("starting", launcher.RecentOutput);
            }
        }

        [Test]
        public void BackendThatExitsEarlyReportsItsOutput()
        {
            if (!IsUnix) Assert.Ignore("uses a /bin/sh stand-in for the backend");
            var exe = Script("echo 'port 5 is in use' >&2; exit 3");
            using (var launcher = new BackendLauncher { Executable = exe })
            {
                launcher.Start(m_Dir);
                var e = Assert.Throws<InvalidOperationException>(() =>
                    launcher.WaitForDiscovery(m_Dir, TimeSpan.FromSeconds(10), CancellationToken.None));
                StringAssert.Contains("exited with code 3", e.Message);
                StringAssert.Contains("port 5 is in use", e.Message);
            }
        }

        [Test]
        public void SlowBackendTimesOutWithAHint()
        {
            if (!IsUnix) Assert.Ignore("uses a /bin/sh stand-in for the backend");
            var exe = Script("exec sleep 30");
            using (var launcher = new BackendLauncher { Executable = exe })
            {
                launcher.Start(m_Dir);
                var e = Assert.Throws<TimeoutException>(() =>
                    launcher.WaitForDiscovery(m_Dir, TimeSpan.FromMilliseconds(300), CancellationToken.None));
                StringAssert.Contains("did not write server.json", e.Message);
                BackendLauncher.Stop(launcher.Process.Id, TimeSpan.FromSeconds(2));
            }
        }

        [Test]
        public void MissingExecutableSaysWhereToSetIt()
        {
            var launcher = new BackendLauncher { Executable = Path.Combine(m_Dir, "no-such-enginemind") };
            var e = Assert.Throws<InvalidOperationException>(() => launcher.Start(m_Dir));
            StringAssert.Contains("set the backend executable", e.Message);
            Assert.AreEqual("\"a b\"", BackendLauncher.Quote("a b"));
            Assert.AreEqual("plain", BackendLauncher.Quote("plain"));
            Assert.IsFalse(BackendLauncher.IsAlive(0));
        }

        [Test]
        public void HandlerIsFoundByTypeNameAndConfigured()
        {
            string chosen;
            var none = HandlerLocator.CreateFirstAvailable(new[] { new HandlerLocator.Candidate("No.Such.Handler", null) }, out chosen);
            Assert.IsNull(none);
            var props = new Dictionary<string, object> { { "Http2Only", true } };
            var h = HandlerLocator.CreateFirstAvailable(new[]
            {
                new HandlerLocator.Candidate("No.Such.Handler", null),
                new HandlerLocator.Candidate(typeof(FakeHttp2Handler).FullName, props),
            }, out chosen);
            Assert.IsTrue(((FakeHttp2Handler)h).Http2Only);
            Assert.AreEqual(typeof(FakeHttp2Handler).FullName, chosen);
            var bad = new Dictionary<string, object> { { "NoSuchProperty", 1 } };
            Assert.Throws<InvalidOperationException>(() => HandlerLocator.CreateFirstAvailable(
                new[] { new HandlerLocator.Candidate(typeof(FakeHttp2Handler).FullName, bad) }, out chosen));
        }

        [Test]
        public void WatchBookOpensOneStreamPerUnfinishedJobAndBacksOff()
        {
            var model = new JobListModel();
            model.ApplySnapshot(new JobSnapshot { Id = "run", State = JobStatus.Running, CreatedAt = 2 });
            model.ApplySnapshot(new JobSnapshot { Id = "done", State = JobStatus.Succeeded, CreatedAt = 1 });
            var book = new WatchBook(new ReconnectPolicy(() => 0.999999) { BaseDelaySeconds = 1, MaxDelaySeconds = 4 });
            CollectionAssert.AreEqual(new[] { "run" }, book.DueToStart(model.Rows, 0));
            book.Started("run");
            Assert.AreEqual(0, book.DueToStart(model.Rows, 0).Count);
            Assert.AreEqual(1.0, book.Failed("run", RpcCode.Unavailable, 0), 1e-3);
            Assert.AreEqual(0, book.DueToStart(model.Rows, 0.5).Count);
            CollectionAssert.AreEqual(new[] { "run" }, book.DueToStart(model.Rows, 1.0));
            book.Started("run");
            Assert.AreEqual(12.0, book.Failed("run", RpcCode.DeadlineExceeded, 10), 1e-3);
            book.Started("run");
            book.Healthy("run");
            Assert.AreEqual(21.0, book.Failed("run", RpcCode.Unavailable, 20), 1e-3);
            Assert.AreEqual(-1.0, book.Failed("run", RpcCode.NotFound, 30), 0);
            Assert.AreEqual(0, book.DueToStart(model.Rows, 100).Count);
        }

        [Test]
        public void MethodPathsSplitIntoServiceAndName()
        {
            Assert.AreEqual("enginemind.v1.Jobs", RpcSequence.ServiceOf(RpcSequence.k_JobsWatch));
            Assert.AreEqual("Watch", RpcSequence.NameOf(RpcSequence.k_JobsWatch));
            Assert.AreEqual("grpc.health.v1.Health", RpcSequence.ServiceOf(HealthWire.k_CheckMethod));
            Assert.Throws<ArgumentException>(() => RpcSequence.NameOf("Jobs/List"));
        }
    }
}
