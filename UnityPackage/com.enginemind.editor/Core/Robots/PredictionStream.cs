using System;
using System.Threading;
using EngineMind.Core.Connection;

namespace EngineMind.Core.Robots
{
    /// <summary>
    /// Lifecycle of the Robots tab's one Telemetry.WatchPredictions stream, without gRPC or Unity: when to open it,
    /// its cancellation source, silence detection, backoff after a failure, and "no telemetry service". Every
    /// opened stream gets a number; messages and the end of a stream that is no longer current (cancelled by a
    /// reconnect or a reset, ending late on a pool thread) are ignored, so they can neither dispose the current
    /// stream's cancellation source nor mark it ended. All methods run on the main thread.
    /// </summary>
    public sealed class PredictionStream
    {
        /// <summary>A stream that delivered nothing (not even a heartbeat) for this many heartbeats is reopened.</summary>
        public const double k_SilentHeartbeats = 5.0;

        readonly ReconnectPolicy m_Policy;
        readonly double m_HeartbeatSeconds;
        CancellationTokenSource m_Cts;
        int m_Current;
        int m_Opened;
        int m_Failures;
        double m_RetryAt;
        double m_LastMessage;

        public PredictionStream(ReconnectPolicy policy, double heartbeatSeconds)
        {
            if (policy == null) throw new ArgumentNullException("policy");
            if (heartbeatSeconds <= 0) throw new ArgumentOutOfRangeException("heartbeatSeconds");
            m_Policy = policy;
            m_HeartbeatSeconds = heartbeatSeconds;
            Note = "";
        }

        /// <summary>A stream is open (or opening).</summary>
        public bool Active { get { return m_Current != 0; } }
        /// <summary>The current stream delivered a message (heartbeats count).</summary>
        public bool Streaming { get; private set; }
        /// <summary>The backend answered UNIMPLEMENTED: it has no telemetry service (until <see cref="Reset"/>).</summary>
        public bool Unavailable { get; private set; }
        public string Note { get; private set; }
        /// <summary>How many streams were opened so far (tests and diagnostics).</summary>
        public int Opened { get { return m_Opened; } }
        /// <summary>Number of the current stream; 0 when none is open.</summary>
        public int Current { get { return m_Current; } }

        /// <summary>
        /// Cancel a silent stream; returns the number of a stream to open now (its token in <paramref name="token"/>),
        /// or 0 when none should be opened.
        /// </summary>
        public int Tick(double now, CancellationToken connection, out CancellationToken token)
        {
            token = CancellationToken.None;
            if (Active && Streaming && now - m_LastMessage > k_SilentHeartbeats * m_HeartbeatSeconds)
            {
                Note = "prediction stream went silent; reopening";
                m_Cts.Cancel(); // its end (Cancelled) schedules the retry
                Streaming = false;
            }
            if (Active || Unavailable || now < m_RetryAt) return 0;
            m_Opened++;
            m_Current = m_Opened;
            m_LastMessage = now;
            m_Cts = CancellationTokenSource.CreateLinkedTokenSource(connection);
            token = m_Cts.Token;
            return m_Current;
        }

        /// <summary>A message of stream <paramref name="stream"/> was applied; false when that stream is not current.</summary>
        public bool OnMessage(int stream, double now)
        {
            if (stream != m_Current || stream == 0) return false;
            Streaming = true;
            m_Failures = 0;
            Note = "";
            m_LastMessage = now;
            return true;
        }

        /// <summary>Stream <paramref name="stream"/> ended; ignored (false) when it is no longer the current one.</summary>
        public bool OnEnded(int stream, RpcCode code, string detail, double now)
        {
            if (stream != m_Current || stream == 0) return false;
            m_Current = 0;
            Streaming = false;
            DisposeSource();
            if (code == RpcCode.Unimplemented)
            {
                Unavailable = true;
                Note = "this backend has no telemetry service";
                return true;
            }
            m_Failures++;
            m_RetryAt = now + m_Policy.NextDelay(m_Failures);
            if (code != RpcCode.OK && code != RpcCode.Cancelled) Note = "prediction stream: " + detail;
            return true;
        }

        /// <summary>The connection closed (or a new one starts): cancel the stream, forget it, try again on the next.</summary>
        public void Reset()
        {
            // cancel, but leave disposal to the garbage collector: the cancelled call may still be starting on a
            // pool thread, and registering on a disposed source's token throws
            if (m_Cts != null) m_Cts.Cancel();
            m_Cts = null;
            m_Current = 0;
            Streaming = false;
            Unavailable = false;
            m_Failures = 0;
            m_RetryAt = 0;
            Note = "";
        }

        void DisposeSource()
        {
            if (m_Cts == null) return;
            m_Cts.Dispose();
            m_Cts = null;
        }
    }
}
