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
    /// Keeps one Telemetry.WatchPredictions stream open while connected and feeds the Robots tab's model. The
    /// lifecycle (open, silence, backoff, UNIMPLEMENTED, late ends of streams that are no longer current) is
    /// <see cref="PredictionStream"/>; this class only runs the call and posts its messages to the main thread.
    /// </summary>
    internal sealed class TelemetryFeed
    {
        readonly PredictionStream m_Stream =
            new PredictionStream(new ReconnectPolicy { MaxDelaySeconds = 15 }, RpcSequence.k_TelemetryHeartbeatSeconds);
        readonly RobotStatusModel m_Robots;
        readonly Action<int, Action> m_Post;
        double m_Now;

        public TelemetryFeed(RobotStatusModel robots, Action<int, Action> post)
        {
            m_Robots = robots;
            m_Post = post;
        }

        /// <summary>True once the current stream delivered a message (heartbeats count).</summary>
        public bool Streaming { get { return m_Stream.Streaming; } }
        /// <summary>The backend answered UNIMPLEMENTED: it has no telemetry service.</summary>
        public bool Unavailable { get { return m_Stream.Unavailable; } }
        public string Note { get { return m_Stream.Note; } }

        static double UnixNow()
        {
            return (DateTime.UtcNow - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
        }

        public void Tick(double now, EngineMindClient client, int gen, CancellationToken connection)
        {
            m_Now = now;
            if (client == null) return;
            CancellationToken ct;
            var stream = m_Stream.Tick(now, connection, out ct);
            if (stream == 0) return;
            Task.Run(() => client.WatchPredictionsAsync(env => OnEnvelope(gen, stream, env), ct)).ContinueWith(t =>
            {
                var code = t.IsFaulted ? RpcErrors.CodeOf(t.Exception) : t.IsCanceled ? RpcCode.Cancelled : RpcCode.OK;
                var detail = t.IsFaulted ? RpcErrors.DetailOf(t.Exception) : "stream ended";
                m_Post(gen, () => m_Stream.OnEnded(stream, code, detail, m_Now));
            });
        }

        void OnEnvelope(int gen, int stream, Envelope env)
        {
            // reading thread: copy out, then apply on the main thread
            RobotPrediction prediction = null;
            RobotDiagnostic diagnostic = null;
            if (env.BodyCase == Envelope.BodyOneofCase.Prediction) prediction = ProtoConvert.ToPrediction(env.Prediction);
            else if (env.BodyCase == Envelope.BodyOneofCase.Diagnostic) diagnostic = ProtoConvert.ToDiagnostic(env.Diagnostic);
            var dropped = (long)env.Dropped;
            m_Post(gen, () =>
            {
                if (!m_Stream.OnMessage(stream, m_Now)) return; // a stream that was replaced meanwhile
                var unix = UnixNow();
                m_Robots.OnEnvelope(dropped, unix);
                if (prediction != null) m_Robots.Apply(prediction, unix);
                if (diagnostic != null) m_Robots.Apply(diagnostic, unix);
            });
        }

        /// <summary>The connection closed: cancel the stream and try again on the next connection.</summary>
        public void Reset()
        {
            m_Stream.Reset();
        }
    }
}
