using System;
using System.IO;
using EngineMind.Core.Connection;
using NUnit.Framework;

namespace EngineMind.Tests
{
    [TestFixture]
    public class ConnectionTests
    {
        const string k_Discovery = "{\n  \"host\": \"127.0.0.1\",\n  \"port\": 50123,\n  \"pid\": 4242,\n" +
            "  \"api_version\": \"1.0.0\",\n  \"version\": \"0.1.0\",\n  \"token_file\": \"/data/em/token\",\n" +
            "  \"database\": \"embedded\",\n  \"started_at\": 1763850000.5\n}";

        [Test]
        public void DiscoveryFileIsParsed()
        {
            var info = DiscoveryInfo.Parse(k_Discovery, "/data/em");
            Assert.AreEqual(50123, info.Port);
            Assert.AreEqual(4242, info.Pid);
            Assert.AreEqual("1.0.0", info.ApiVersion);
            Assert.AreEqual("/data/em/token", info.TokenFile);
            Assert.AreEqual("http://127.0.0.1:50123", info.Address);
        }

        [Test]
        public void DiscoveryRelativeTokenPathIsUnderDataDir()
        {
            var info = DiscoveryInfo.Parse("{\"port\": 1, \"token_file\": \"token\"}", "/d");
            Assert.AreEqual(Path.Combine("/d", "token"), info.TokenFile);
        }

        [Test]
        public void DiscoveryWithoutPortIsRejectedWithAHint()
        {
            var e = Assert.Throws<FormatException>(() => DiscoveryInfo.Parse("{\"pid\": 3}", "/d"));
            StringAssert.Contains("restart the backend", e.Message);
            Assert.Throws<FormatException>(() => DiscoveryInfo.Parse("{not json", "/d"));
        }

        [Test]
        public void EndpointResolvesDiscoveryAndReadsToken()
        {
            var dir = Path.Combine(Path.GetTempPath(), "em-test-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                var settings = new EndpointSettings { DataDir = dir, UseDiscovery = true };
                var e = Assert.Throws<InvalidOperationException>(() => settings.Resolve());
                StringAssert.Contains("enginemind serve --data-dir", e.Message);
                File.WriteAllText(Path.Combine(dir, "token"), "s3cret\n");
                File.WriteAllText(Path.Combine(dir, "server.json"), "{\"port\": 6001, \"token_file\": \"" +
                    Path.Combine(dir, "token").Replace("\\", "\\\\") + "\"}");
                var r = settings.Resolve();
                Assert.AreEqual("http://127.0.0.1:6001", r.Address);
                Assert.AreEqual("Bearer s3cret", r.AuthorizationHeader);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Test]
        public void ManualEndpointNeedsAValidPort()
        {
            var s = new EndpointSettings { UseDiscovery = false, Host = "localhost", Port = 0 };
            Assert.Throws<InvalidOperationException>(() => s.Resolve());
            s.Port = 7000;
            s.Token = " t ";
            var r = s.Resolve();
            Assert.AreEqual("http://127.0.0.1:7000", r.Address);
            Assert.AreEqual("t", r.Token);
            Assert.AreEqual("http://[::1]:5", EndpointSettings.FormatAddress("::1", 5));
        }

        [Test]
        public void ApiVersionCompatibilityNamesTheSideToUpgrade()
        {
            Assert.IsNull(ApiVersion.CheckCompatible("1.0.0", "1.4.2"));
            Assert.IsNull(ApiVersion.CheckCompatible("1.2.0", "1.0.0-dev"));
            StringAssert.Contains("update com.enginemind.editor", ApiVersion.CheckCompatible("1.0.0", "2.0.0"));
            StringAssert.Contains("upgrade the backend", ApiVersion.CheckCompatible("2.1.0", "1.9.0"));
            StringAssert.Contains("not a version", ApiVersion.CheckCompatible("1.0.0", "banana"));
            ApiVersion v;
            Assert.IsTrue(ApiVersion.TryParse("3.2.1+build.7", out v));
            Assert.AreEqual("3.2.1", v.ToString());
            Assert.IsFalse(ApiVersion.TryParse("1.x", out v));
        }

        [Test]
        public void ReconnectDelaysGrowAndAreCapped()
        {
            var p = new ReconnectPolicy(() => 0.999999) { BaseDelaySeconds = 0.5, MaxDelaySeconds = 10 };
            Assert.AreEqual(0.5, p.NextDelay(1), 1e-3);
            Assert.AreEqual(1.0, p.NextDelay(2), 1e-3);
            Assert.AreEqual(4.0, p.NextDelay(4), 1e-3);
            Assert.AreEqual(10.0, p.NextDelay(50), 1e-3);
            var low = new ReconnectPolicy(() => 0.0) { BaseDelaySeconds = 0.5, MaxDelaySeconds = 10 };
            Assert.AreEqual(2.0, low.NextDelay(4), 1e-9); // jitter keeps at least half the ceiling
            Assert.IsFalse(p.ShouldGiveUp(1000));
            p.MaxAttempts = 3;
            Assert.IsTrue(p.ShouldGiveUp(3));
        }

        [Test]
        public void TransientFailureSchedulesARetryThenReconnects()
        {
            var model = new ConnectionModel(new ReconnectPolicy(() => 0.999999) { BaseDelaySeconds = 1, MaxDelaySeconds = 8 });
            var changes = 0;
            model.Changed += () => changes++;
            model.BeginConnect("http://127.0.0.1:1");
            model.OnFailure(RpcCode.Unavailable, "connection refused", 100.0);
            Assert.AreEqual(ConnectionState.Retrying, model.State);
            Assert.AreEqual(101.0, model.NextAttemptAt, 1e-3);
            Assert.IsFalse(model.ShouldAttempt(100.5));
            StringAssert.Contains("retrying in 1 s", model.StatusLine(100.2));
            Assert.IsTrue(model.ShouldAttempt(101.0));
            Assert.AreEqual(ConnectionState.Connecting, model.State);
            model.OnFailure(RpcCode.DeadlineExceeded, "", 101.5);
            Assert.AreEqual(103.5, model.NextAttemptAt, 1e-3);
            Assert.IsTrue(model.ShouldAttempt(104));
            model.OnConnected("http://127.0.0.1:1", "1.0.0", "0.1.0");
            Assert.IsTrue(model.IsConnected);
            Assert.AreEqual(0, model.Failures);
            Assert.IsTrue(changes >= 6);
        }

        [Test]
        public void PermanentFailuresWaitForTheUser()
        {
            var model = new ConnectionModel(null);
            model.BeginConnect("a");
            model.OnFailure(RpcCode.Unauthenticated, "missing token", 1);
            Assert.AreEqual(ConnectionState.Failed, model.State);
            StringAssert.Contains("token rejected", model.Message);
            Assert.IsFalse(model.ShouldAttempt(1e9));
            model.BeginConnect("a");
            model.OnIncompatible("upgrade the backend");
            Assert.AreEqual(ConnectionState.Failed, model.State);
        }

        [Test]
        public void LateFailuresAfterDisconnectAreIgnored()
        {
            var model = new ConnectionModel(null);
            model.BeginConnect("a");
            model.Disconnect();
            model.OnFailure(RpcCode.Cancelled, "stream cancelled", 5);
            Assert.AreEqual(ConnectionState.Disconnected, model.State);
        }

        [Test]
        public void HealthMessagesRoundTripInProtobufWireFormat()
        {
            Assert.AreEqual(0, HealthWire.EncodeCheckRequest("").Length);
            var req = HealthWire.EncodeCheckRequest("enginemind.v1.Jobs");
            Assert.AreEqual(0x0A, req[0]);
            Assert.AreEqual(18, req[1]);
            Assert.AreEqual("enginemind.v1.Jobs", HealthWire.DecodeCheckRequest(req));
            Assert.AreEqual(ServingStatus.Serving, HealthWire.DecodeCheckResponse(new byte[] { 0x08, 0x01 }));
            Assert.AreEqual(ServingStatus.NotServing, HealthWire.DecodeCheckResponse(HealthWire.EncodeCheckResponse(ServingStatus.NotServing)));
            Assert.AreEqual(ServingStatus.Unknown, HealthWire.DecodeCheckResponse(new byte[0]));
            // an unknown string field 2 before the status is skipped
            Assert.AreEqual(ServingStatus.Serving, HealthWire.DecodeCheckResponse(new byte[] { 0x12, 0x02, 0x41, 0x42, 0x08, 0x01 }));
            Assert.Throws<FormatException>(() => HealthWire.DecodeCheckResponse(new byte[] { 0x08 }));
        }

        [Test]
        public void DeadlinesMustBeUtc()
        {
            var now = DateTime.UtcNow;
            Assert.AreEqual(now + Deadlines.k_Query, Deadlines.From(now, Deadlines.k_Query));
            Assert.Throws<ArgumentException>(() => Deadlines.From(DateTime.Now, Deadlines.k_Query));
        }

        [Test]
        public void RpcSequenceStartsWithHealthAndHandshake()
        {
            var steps = RpcSequence.Connect("0.1.0");
            Assert.AreEqual(HealthWire.k_CheckMethod, steps[0].Method);
            Assert.AreEqual(RpcSequence.k_Handshake, steps[1].Method);
            StringAssert.Contains("\"client_api_version\":\"" + ApiVersion.k_Client + "\"", steps[1].Request);
            Assert.AreEqual(RpcSequence.k_JobsWatch, RpcSequence.SubmitAndWatch("demo", "{}")[1].Method);
        }
    

        [Test]
        public void SetupListsOnlyWhatIsMissingWithTheManifestLines()
        {
            var loaded = new System.Collections.Generic.HashSet<string> { "Google.Protobuf", "System.IO.Pipelines" };
            var missing = Dependencies.Missing(loaded.Contains);
            CollectionAssert.AreEqual(new[] { "org.nuget.grpc.net.client", "com.cysharp.yetanotherhttphandler" },
                missing.ConvertAll(d => d.Package));
            var report = Dependencies.Report(missing, false);
            StringAssert.Contains("org.nuget.grpc.net.client", report);
            Assert.IsFalse(report.Contains("org.nuget.google.protobuf"), report);
            var manifest = (System.Collections.Generic.IDictionary<string, object>)
                EngineMind.Core.Json.MiniJson.Parse("{" + Dependencies.ManifestSnippet() + "}");
            var deps = (System.Collections.Generic.IDictionary<string, object>)manifest["dependencies"];
            Assert.AreEqual(Dependencies.k_All.Length, deps.Count);
            StringAssert.Contains("#1.11.5", (string)deps["com.cysharp.yetanotherhttphandler"]);
            StringAssert.Contains("Dashboard", Dependencies.Report(Dependencies.Missing(n => true), true));
        }
    }
}
