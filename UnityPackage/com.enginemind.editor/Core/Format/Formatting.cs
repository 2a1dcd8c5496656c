using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using EngineMind.Core.Jobs;

namespace EngineMind.Core.Format
{
    /// <summary>Text shown in the dashboard: durations, ETAs, sizes, metric values, states. Invariant culture.</summary>
    public static class Formatting
    {
        static readonly CultureInfo k_Inv = CultureInfo.InvariantCulture;

        /// <summary>"42s", "3m 05s", "2h 07m", "3d 04h"; "-" for negative or NaN.</summary>
        public static string Duration(double seconds)
        {
            if (double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds < 0) return "-";
            var s = (long)Math.Round(seconds);
            if (s < 60) return s.ToString(k_Inv) + "s";
            if (s < 3600) return (s / 60).ToString(k_Inv) + "m " + (s % 60).ToString("00", k_Inv) + "s";
            if (s < 86400) return (s / 3600).ToString(k_Inv) + "h " + (s % 3600 / 60).ToString("00", k_Inv) + "m";
            return (s / 86400).ToString(k_Inv) + "d " + (s % 86400 / 3600).ToString("00", k_Inv) + "h";
        }

        /// <summary>ETA from Progress.eta_s, where -1 means unknown.</summary>
        public static string Eta(double etaSeconds)
        {
            return etaSeconds < 0 ? "ETA unknown" : "ETA " + Duration(etaSeconds);
        }

        public static string Bytes(long bytes)
        {
            if (bytes < 0) return "-";
            string[] units = { "B", "KiB", "MiB", "GiB", "TiB" };
            double v = bytes;
            var u = 0;
            while (v >= 1024 && u < units.Length - 1)
            {
                v /= 1024;
                u++;
            }
            return u == 0 ? bytes.ToString(k_Inv) + " B" : v.ToString(v < 10 ? "0.0" : "0", k_Inv) + " " + units[u];
        }

        /// <summary>"37%" for 0.37; "" for an unknown fraction (negative).</summary>
        public static string Percent(double fraction)
        {
            if (fraction < 0 || double.IsNaN(fraction)) return "";
            return Math.Floor(Math.Min(fraction, 1.0) * 100).ToString("0", k_Inv) + "%";
        }

        /// <summary>Metric value with about 4 significant digits, scientific for very small or large values.</summary>
        public static string Metric(double v)
        {
            if (double.IsNaN(v)) return "NaN";
            if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
            var a = Math.Abs(v);
            if (a == 0) return "0";
            if (a >= 1e5 || a < 1e-3) return v.ToString("0.###e+0", k_Inv);
            if (a >= 100) return v.ToString("0.#", k_Inv);
            if (a >= 1) return v.ToString("0.###", k_Inv);
            return v.ToString("0.####", k_Inv);
        }

        /// <summary>Metrics sorted by name: "acc 0.91  loss 0.1234".</summary>
        public static string MetricList(IDictionary<string, double> metrics)
        {
            if (metrics == null || metrics.Count == 0) return "";
            var keys = new List<string>(metrics.Keys);
            keys.Sort(string.CompareOrdinal);
            var sb = new StringBuilder();
            foreach (var k in keys)
            {
                if (sb.Length > 0) sb.Append("  ");
                sb.Append(k).Append(' ').Append(Metric(metrics[k]));
            }
            return sb.ToString();
        }

        /// <summary>"3 min ago" style age of a unix timestamp relative to <paramref name="nowUnix"/>.</summary>
        public static string Age(double unixSeconds, double nowUnix)
        {
            if (unixSeconds <= 0) return "-";
            var d = nowUnix - unixSeconds;
            if (d < 0) d = 0;
            if (d < 5) return "just now";
            if (d < 60) return Math.Floor(d).ToString("0", k_Inv) + " s ago";
            if (d < 3600) return Math.Floor(d / 60).ToString("0", k_Inv) + " min ago";
            if (d < 86400) return Math.Floor(d / 3600).ToString("0", k_Inv) + " h ago";
            return Math.Floor(d / 86400).ToString("0", k_Inv) + " d ago";
        }

        /// <summary>UTC time "2026-11-22 22:38:29" of a unix timestamp.</summary>
        public static string UtcTime(double unixSeconds)
        {
            if (unixSeconds <= 0) return "-";
            var t = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(unixSeconds);
            return t.ToString("yyyy-MM-dd HH:mm:ss", k_Inv);
        }

        public static string State(JobStatus s)
        {
            switch (s)
            {
                case JobStatus.Queued: return "queued";
                case JobStatus.Running: return "running";
                case JobStatus.Succeeded: return "succeeded";
                case JobStatus.Failed: return "failed";
                case JobStatus.Cancelled: return "cancelled";
                default: return "unknown";
            }
        }

        /// <summary>Progress bar title of a job row: "running 120/500 (24%) ETA 3m 10s".</summary>
        public static string JobProgress(JobRow row)
        {
            var sb = new StringBuilder(State(row.State));
            if (row.CancelRequested && !row.IsTerminal) sb.Append(" (cancelling)");
            if (row.Total > 0)
            {
                sb.Append(' ').Append(row.Step.ToString(k_Inv)).Append('/').Append(row.Total.ToString(k_Inv));
                sb.Append(" (").Append(Percent(row.Fraction)).Append(')');
            }
            if (row.State == JobStatus.Running) sb.Append(' ').Append(Eta(row.EtaSeconds));
            return sb.ToString();
        }

        /// <summary>Shortens long ids for list rows ("3f9c2a1b…").</summary>
        public static string ShortId(string id, int keep)
        {
            if (string.IsNullOrEmpty(id) || id.Length <= keep) return id ?? "";
            return id.Substring(0, keep) + "\u2026";
        }
    }
}
