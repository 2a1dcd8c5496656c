using System.Threading;
using EngineMind.Core.Connection;
using EngineMind.Core.Robots;
using NUnit.Framework;

namespace EngineMind.Tests
{
    [TestFixture]
    public class PredictionStreamTests
    {
        static PredictionStream NewStream()
        {
            return new PredictionStream(new ReconnectPolicy(() => 0.0) { MaxDelaySeconds = 15 }, 1.0);
        }

        [Test]
        public void LateEndOfAReplacedStreamLeavesTheCurrentOneAlone()
        {
            // the reported bug: a reset cancels stream 1, stream 2 opens, then stream 1's cancelled call ends on a pool
            // thread; its end used to dispose stream 2's cancellation source and mark the feed inactive
            var feed = NewStream();
            CancellationToken first, second;
            using (var connection = new CancellationTokenSource())
            {
                Assert.AreEqual(1, feed.Tick(0.0, connection.Token, out first));
                Assert.IsTrue(feed.OnMessage(1, 0.5));
                feed.Reset();
                Assert.IsTrue(first.IsCancellationRequested, "a reset cancels the open stream");
                Assert.AreEqual(2, feed.Tick(1.0, connection.Token, out second));
                Assert.IsFalse(feed.OnEnded(1, RpcCode.Cancelled, "cancelled", 1.1), "stream 1 is no longer current");
                Assert.IsFalse(feed.OnMessage(1, 1.1));
                Assert.IsTrue(feed.Active && feed.Current == 2);
                Assert.IsFalse(second.IsCancellationRequested);
                second.Register(() => { }).Dispose(); // throws ObjectDisposedException if stream 2's source was disposed
                Assert.IsTrue(feed.OnMessage(2, 1.2) && feed.Streaming);
                CancellationToken none;
                Assert.AreEqual(0, feed.Tick(2.0, connection.Token, out none), "no second stream while one is open");
                Assert.AreEqual(2, feed.Opened);
            }
        }

        [Test]
        public void HeartbeatsKeepTheStreamOpenAcrossManyTicks()
        {
            // the Jobs.List poll (every 5 s) used to reset the feed: with heartbeats the same stream stays open
            var feed = NewStream();
            CancellationToken token;
            using (var connection = new CancellationTokenSource())
            {
                Assert.AreEqual(1, feed.Tick(0.0, connection.Token, out token));
                for (var t = 1.0; t <= 30.0; t += 1.0)
                {
                    Assert.IsTrue(feed.OnMessage(1, t));
                    CancellationToken none;
                    Assert.AreEqual(0, feed.Tick(t + 0.5, connection.Token, out none));
                }
                Assert.AreEqual(1, feed.Opened);
                Assert.IsFalse(token.IsCancellationRequested);
            }
        }

        [Test]
        public void SilentStreamIsCancelledAndReopenedAfterBackoff()
        {
            var feed = NewStream();
            CancellationToken token;
            using (var connection = new CancellationTokenSource())
            {
                Assert.AreEqual(1, feed.Tick(0.0, connection.Token, out token));
                feed.OnMessage(1, 1.0);
                CancellationToken none;
                Assert.AreEqual(0, feed.Tick(5.5, connection.Token, out none));
                Assert.IsFalse(token.IsCancellationRequested);
                Assert.AreEqual(0, feed.Tick(6.5, connection.Token, out none));
                Assert.IsTrue(token.IsCancellationRequested, "5 heartbeats of silence");
                StringAssert.Contains("silent", feed.Note);
                Assert.IsTrue(feed.OnEnded(1, RpcCode.Cancelled, "cancelled", 6.6));
                Assert.IsFalse(feed.Active);
                Assert.AreEqual(2, feed.Tick(7.0, connection.Token, out token), "reopened after the backoff");
            }
        }

        [Test]
        public void UnimplementedIsRememberedUntilReset()
        {
            var feed = NewStream();
            CancellationToken token;
            using (var connection = new CancellationTokenSource())
            {
                feed.Tick(0.0, connection.Token, out token);
                Assert.IsTrue(feed.OnEnded(1, RpcCode.Unimplemented, "no service", 0.1));
                Assert.IsTrue(feed.Unavailable);
                Assert.AreEqual(0, feed.Tick(100.0, connection.Token, out token));
                feed.Reset();
                Assert.AreEqual(2, feed.Tick(100.0, connection.Token, out token));
            }
        }
    }
}
