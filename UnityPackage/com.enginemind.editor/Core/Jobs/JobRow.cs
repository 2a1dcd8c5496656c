using System.Collections.Generic;

namespace EngineMind.Core.Jobs
{
    /// <summary>View model of one job in the Jobs tab: the snapshot plus what its Watch stream told us.</summary>
    public sealed class JobRow
    {
        public const int k_MaxLogLines = 200;

        readonly Dictionary<string, MetricSeries> m_Metrics = new Dictionary<string, MetricSeries>();
        readonly List<string> m_MetricOrder = new List<string>();
        readonly List<string> m_Log = new List<string>();

        public JobRow(string id)
        {
            Id = id;
            Family = "";
            Error = "";
            ProgressMessage = "";
            EtaSeconds = -1;
            ModelName = "";
        }

        public string Id { get; private set; }
        public string Family { get; internal set; }
        public JobStatus State { get; internal set; }
        public long Step { get; internal set; }
        public long Total { get; internal set; }
        public double EtaSeconds { get; internal set; }
        public string ProgressMessage { get; internal set; }
        public string Error { get; internal set; }
        public double CreatedAt { get; internal set; }
        public double StartedAt { get; internal set; }
        public double FinishedAt { get; internal set; }
        public bool CancelRequested { get; internal set; }
        /// <summary>Highest event seq applied; the Watch stream is resumed with after_seq = LastSeq.</summary>
        public long LastSeq { get; internal set; }
        /// <summary>Registered model from a "model" artifact event ("" until the job registers one).</summary>
        public string ModelName { get; internal set; }
        public int ModelVersion { get; internal set; }
        /// <summary>Seq of the latest file artifact event (0 before any): the Jobs tab lists artifacts again when it grows.</summary>
        public long ArtifactSeq { get; internal set; }

        public bool IsTerminal { get { return JobStatuses.IsTerminal(State); } }

        /// <summary>0..1 when the total is known, -1 otherwise (indeterminate bar).</summary>
        public double Fraction
        {
            get
            {
                if (State == JobStatus.Succeeded) return 1.0;
                if (Total <= 0) return -1.0;
                var f = (double)Step / Total;
                return f < 0 ? 0 : (f > 1 ? 1 : f);
            }
        }

        public IList<string> MetricNames { get { return m_MetricOrder; } }
        public IList<string> Log { get { return m_Log; } }

        public MetricSeries Metric(string name)
        {
            MetricSeries s;
            return m_Metrics.TryGetValue(name, out s) ? s : null;
        }

        internal MetricSeries GetOrAddMetric(string name)
        {
            MetricSeries s;
            if (!m_Metrics.TryGetValue(name, out s))
            {
                s = new MetricSeries(name);
                m_Metrics[name] = s;
                m_MetricOrder.Add(name);
            }
            return s;
        }

        internal void AddLog(string line)
        {
            m_Log.Add(line);
            if (m_Log.Count > k_MaxLogLines)
                m_Log.RemoveRange(0, m_Log.Count - k_MaxLogLines);
        }
    }
}
