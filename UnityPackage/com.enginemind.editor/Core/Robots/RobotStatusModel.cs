using System;
using System.Collections.Generic;
using EngineMind.Core.Format;

namespace EngineMind.Core.Robots
{
    /// <summary>Severity shown for a robot (enginemind.v1.Severity plus Unspecified; ROS diagnostic levels).</summary>
    public enum PredictionStatus
    {
        Unspecified = 0,
        Ok = 1,
        Warn = 2,
        Error = 3,
        Stale = 4,
    }

    /// <summary>One AIPrediction of the WatchPredictions stream (copied out of the proto message).</summary>
    public sealed class RobotPrediction
    {
        public string RobotId = "";
        /// <summary>collision_risk | battery_tte | anomaly | ...</summary>
        public string Kind = "";
        public string Label = "";
        /// <summary>Probability (collision_risk), seconds to empty (battery_tte) or anomaly score.</summary>
        public double Score;
        public PredictionStatus Severity;
        /// <summary>Unix seconds of the packet that completed the window.</summary>
        public double Time;
        public string Model = "";
        public int ModelVersion;
        public string Explanation = "";
    }

    /// <summary>One Diagnostic of the stream: a named health check of a robot (link, battery, ...).</summary>
    public sealed class RobotDiagnostic
    {
        public string RobotId = "";
        public string Name = "";
        public PredictionStatus Level;
        public string Message = "";
        public double LastSeen;
    }

    public sealed class RobotRow
    {
        readonly SortedDictionary<string, RobotPrediction> m_Predictions =
            new SortedDictionary<string, RobotPrediction>(StringComparer.Ordinal);
        readonly SortedDictionary<string, RobotDiagnostic> m_Diagnostics =
            new SortedDictionary<string, RobotDiagnostic>(StringComparer.Ordinal);

        public RobotRow(string id)
        {
            RobotId = id;
        }

        public string RobotId { get; private set; }
        /// <summary>Latest prediction per kind, by kind name.</summary>
        public IDictionary<string, RobotPrediction> Predictions { get { return m_Predictions; } }
        public IDictionary<string, RobotDiagnostic> Diagnostics { get { return m_Diagnostics; } }
        /// <summary>Worst severity of its predictions and diagnostics, or Stale when nothing arrived for a while.</summary>
        public PredictionStatus Status { get; internal set; }
        /// <summary>Client time (unix seconds) of the last message about this robot.</summary>
        public double LastSeen { get; internal set; }
        public int Count { get; internal set; }
        internal bool Stale;

        internal void Recompute()
        {
            var worst = PredictionStatus.Ok;
            foreach (var p in m_Predictions.Values) worst = RobotStatusModel.Worse(worst, p.Severity);
            foreach (var d in m_Diagnostics.Values) worst = RobotStatusModel.Worse(worst, d.Level);
            Status = Stale ? PredictionStatus.Stale : worst;
        }
    }

    /// <summary>
    /// The Robots tab: the latest prediction per robot and kind, diagnostics, client-side staleness (the stream may
    /// go quiet without an event saying so) and a worst-first order.
    /// </summary>
    public sealed class RobotStatusModel
    {
        readonly Dictionary<string, RobotRow> m_Rows = new Dictionary<string, RobotRow>();

        /// <summary>A robot with no message for this long is shown as STALE.</summary>
        public double StaleAfterSeconds = 5.0;

        public int Version { get; private set; }
        /// <summary>Values the server conflated away for this subscriber (Envelope.dropped, summed).</summary>
        public long Dropped { get; private set; }
        /// <summary>Client time of the last envelope of any kind (heartbeats included).</summary>
        public double LastMessage { get; private set; }

        RobotRow Row(string id, double now)
        {
            if (string.IsNullOrEmpty(id)) throw new ArgumentException("message without robot id");
            RobotRow row;
            if (!m_Rows.TryGetValue(id, out row))
            {
                row = new RobotRow(id);
                m_Rows[id] = row;
            }
            row.LastSeen = now;
            row.Count++;
            row.Stale = false;
            return row;
        }

        public void Apply(RobotPrediction p, double nowUnix)
        {
            if (p == null) throw new ArgumentNullException("p");
            RobotRow existing;
            RobotPrediction old;
            if (m_Rows.TryGetValue(p.RobotId ?? "", out existing) && existing.Predictions.TryGetValue(p.Kind, out old) &&
                p.Time < old.Time)
                return; // out of order: keep the newer one
            var row = Row(p.RobotId, nowUnix);
            row.Predictions[p.Kind] = p;
            row.Recompute();
            Touch(nowUnix);
        }

        public void Apply(RobotDiagnostic d, double nowUnix)
        {
            if (d == null) throw new ArgumentNullException("d");
            var row = Row(d.RobotId, nowUnix);
            row.Diagnostics[d.Name] = d;
            row.Recompute();
            Touch(nowUnix);
        }

        /// <summary>A heartbeat or any envelope: the stream is alive; count what the server conflated.</summary>
        public void OnEnvelope(long dropped, double nowUnix)
        {
            Dropped += Math.Max(0, dropped);
            LastMessage = nowUnix;
        }

        void Touch(double now)
        {
            LastMessage = now;
            Version++;
        }

        /// <summary>Re-evaluate staleness; returns true when any row changed.</summary>
        public bool Tick(double nowUnix)
        {
            var changed = false;
            foreach (var row in m_Rows.Values)
            {
                var stale = nowUnix - row.LastSeen > StaleAfterSeconds;
                if (stale != row.Stale)
                {
                    row.Stale = stale;
                    row.Recompute();
                    changed = true;
                }
            }
            if (changed) Version++;
            return changed;
        }

        /// <summary>Rows worst first (ERROR, STALE, WARN, OK), then by robot id.</summary>
        public List<RobotRow> Rows()
        {
            var list = new List<RobotRow>(m_Rows.Values);
            list.Sort((a, b) =>
            {
                var c = Severity(b.Status).CompareTo(Severity(a.Status));
                return c != 0 ? c : string.CompareOrdinal(a.RobotId, b.RobotId);
            });
            return list;
        }

        public static int Severity(PredictionStatus s)
        {
            switch (s)
            {
                case PredictionStatus.Error: return 3;
                case PredictionStatus.Stale: return 2;
                case PredictionStatus.Warn: return 1;
                default: return 0;
            }
        }

        public static PredictionStatus Worse(PredictionStatus a, PredictionStatus b)
        {
            return Severity(b) > Severity(a) ? b : a;
        }

        public static string Label(PredictionStatus s)
        {
            switch (s)
            {
                case PredictionStatus.Ok: return "OK";
                case PredictionStatus.Warn: return "WARN";
                case PredictionStatus.Error: return "ERROR";
                case PredictionStatus.Stale: return "STALE";
                default: return "?";
            }
        }

        /// <summary>A value for a 0..1 bar: clamped; NaN reads as 0.</summary>
        public static float Bar(double v)
        {
            if (double.IsNaN(v)) return 0f;
            return (float)Math.Max(0.0, Math.Min(1.0, v));
        }

        /// <summary>Whether a kind's score is a probability, drawn as a 0..1 bar (others are shown as text).</summary>
        public static bool IsProbability(string kind)
        {
            return kind == "collision_risk";
        }

        /// <summary>"collision_risk 37% (risk)", "battery_tte 12m 05s (low_battery)", "anomaly 2.31 (ok)".</summary>
        public static string Describe(RobotPrediction p)
        {
            string value;
            if (IsProbability(p.Kind)) value = Formatting.Percent(Bar(p.Score));
            else if (p.Kind == "battery_tte") value = Formatting.Duration(p.Score);
            else value = Formatting.Metric(p.Score);
            return p.Kind + " " + value + (string.IsNullOrEmpty(p.Label) ? "" : " (" + p.Label + ")");
        }
    }
}
