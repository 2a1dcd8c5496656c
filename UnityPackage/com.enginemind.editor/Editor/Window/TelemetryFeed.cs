using System;
using System.Threading;
using System.Threading.Tasks;
using EngineMind.Core.Connection;
using EngineMind.Core.Robots;
using EngineMind.Editor.Transport;
using EngineMind.V1;

namespace EngineMind.Editor.Window
{
    /// <summary>
    /// Keeps one Telemetry.WatchPredictions stream open while connected and feeds the Robots tab's model. A backend
    /// without the service (UNIMPLEMENTED) is remembered until the next connect; other failures are retried with
    /// backoff; a stream silent for 5 heartbeats is cancelled and reopened.
    /// </summary>
    internal sealed class TelemetryFeed
    {
        const double k_SilentHeartbeats = 5.0;

        readonly ReconnectPolicy m_Policy = new ReconnectPolicy { MaxDelaySeconds = 15 };
        readonly RobotStatusModel m_Robots;
        readonly Action<int, Action> m_Post;
        CancellationTokenSource m_Stream;
        bool m_Active;
        int m_Failures;
        double m_RetryAt;
        double m_LastEnvelope;

        public TelemetryFeed(RobotStatusModel robots, Action<int, Action> post)
        {
            m_Robots = robots;
            m_Post = post;
            Note = "";
        }

        /// <summary>True once the stream delivered a message (heartbeats count).</summary>
        public bool Streaming { get; private set; }
        /// <summary>The backend answered UNIMPLEMENTED: it has no telemetry service.</summary>
        public bool Unavailable { get; private set; }
        public string Note { get; private set; }

        static double UnixNow()
        {
            return (DateTime.UtcNow - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
        }

        public void Tick(double now, EngineMindClient client, int gen, CancellationToken connection)
        {
            if (m_Active && Streaming && now - m_LastEnvelope > k_SilentHeartbeats * RpcSequence.k_TelemetryHeartbeatSeconds)
            {
                Note = "prediction stream went silent; reopening";
                m_Stream.Cancel(); // the continuation schedules the retry
            }
            if (m_Active || Unavailable || now < m_RetryAt || client == null) return;
            m_Active = true;
            m_LastEnvelope = now;
            m_Stream = CancellationTokenSource.CreateLinkedTokenSource(connection);
            var ct = m_Stream.Token;
            Task.Run(() => client.WatchPredictionsAsync(env => OnEnvelope(gen, env), ct)).ContinueWith(t =>
            {
                var code = t.IsFaulted ? RpcErrors.CodeOf(t.Exception) : RpcCode.OK;
                var detail = t.IsFaulted ? RpcErrors.DetailOf(t.Exception) : "stream ended";
                m_Post(gen, () => Ended(code, detail));
            });
        }

        void OnEnvelope(int gen, Envelope env)
        {
            // reading thread: copy out, then apply on the main thread
            RobotPrediction prediction = null;
            RobotDiagnostic diagnostic = null;
            if (env.BodyCase == Envelope.BodyOneofCase.Prediction) prediction = ProtoConvert.ToPrediction(env.Prediction);
            else if (env.BodyCase == Envelope.BodyOneofCase.Diagnostic) diagnostic = ProtoConvert.ToDiagnostic(env.Diagnostic);
            var dropped = (long)env.Dropped;
            m_Post(gen, () =>
            {
                var unix = UnixNow();
                Streaming = true;
                m_Failures = 0;
                Note = "";
                m_LastEnvelope = UnityEditor.EditorApplication.timeSinceStartup;
                m_Robots.OnEnvelope(dropped, unix);
                if (prediction != null) m_Robots.Apply(prediction, unix);
                if (diagnostic != null) m_Robots.Apply(diagnostic, unix);
            });
        }

        void Ended(RpcCode code, string detail)
        {
            m_Active = false;
            Streaming = false;
            if (m_Stream != null)
            {
                m_Stream.Dispose();
                m_Stream = null;
            }
            if (code == RpcCode.Unimplemented)
            {
                Unavailable = true;
                Note = "this backend has no telemetry service";
                return;
            }
            m_Failures++;
            m_RetryAt = UnityEditor.EditorApplication.timeSinceStartup + m_Policy.NextDelay(m_Failures);
            if (code != RpcCode.OK && code != RpcCode.Cancelled) Note = "prediction stream: " + detail;
        }

        /// <summary>The connection closed (or a new one starts): forget the stream and try again on the next one.</summary>
        public void Reset()
        {
            if (m_Stream != null) m_Stream.Cancel();
            m_Stream = null;
            m_Active = false;
            Streaming = false;
            Unavailable = false;
            m_Failures = 0;
            m_RetryAt = 0;
            Note = "";
        }
    }
}
