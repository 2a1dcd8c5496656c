using System;
using System.Collections.Generic;

namespace EngineMind.Core.Jobs
{
    /// <summary>
    /// The Jobs tab's live list: filled by Jobs.List and kept current by Jobs.Watch events (applied on the main thread).
    /// Events are idempotent by seq, so a resumed stream that repeats events changes nothing.
    /// </summary>
    public sealed class JobListModel
    {
        readonly Dictionary<string, JobRow> m_Rows = new Dictionary<string, JobRow>();
        readonly List<JobRow> m_Ordered = new List<JobRow>();
        bool m_OrderDirty;

        /// <summary>Incremented on every change; the UI redraws when it differs from what it drew.</summary>
        public int Version { get; private set; }

        /// <summary>Jobs newest first.</summary>
        public IList<JobRow> Rows
        {
            get
            {
                if (m_OrderDirty)
                {
                    m_Ordered.Sort((a, b) =>
                    {
                        var c = b.CreatedAt.CompareTo(a.CreatedAt);
                        return c != 0 ? c : string.CompareOrdinal(b.Id, a.Id);
                    });
                    m_OrderDirty = false;
                }
                return m_Ordered;
            }
        }

        public JobRow Find(string id)
        {
            JobRow row;
            return id != null && m_Rows.TryGetValue(id, out row) ? row : null;
        }

        /// <summary>Merge a snapshot from List/Get/Submit/Cancel. A terminal state seen before is never undone.</summary>
        public JobRow ApplySnapshot(JobSnapshot s)
        {
            if (s == null || string.IsNullOrEmpty(s.Id))
                throw new ArgumentException("job snapshot without id");
            var row = GetOrAdd(s.Id);
            row.Family = s.Family;
            if (!row.IsTerminal || JobStatuses.IsTerminal(s.State))
                row.State = s.State;
            if (s.Step >= row.Step) row.Step = s.Step;
            if (s.Total > 0) row.Total = s.Total;
            row.Error = s.Error ?? "";
            row.CreatedAt = s.CreatedAt;
            row.StartedAt = s.StartedAt;
            row.FinishedAt = s.FinishedAt;
            row.CancelRequested = s.CancelRequested;
            m_OrderDirty = true;
            Version++;
            return row;
        }

        /// <summary>Apply one Watch event; false when it was already applied (seq not newer).</summary>
        public bool ApplyEvent(JobEventData e)
        {
            if (e == null || string.IsNullOrEmpty(e.JobId))
                throw new ArgumentException("job event without job id");
            var row = GetOrAdd(e.JobId);
            if (e.Seq <= row.LastSeq)
                return false;
            row.LastSeq = e.Seq;
            switch (e.Kind)
            {
                case JobEventKind.State:
                    row.State = e.State;
                    if (e.State == JobStatus.Running && row.StartedAt <= 0) row.StartedAt = e.Time;
                    if (JobStatuses.IsTerminal(e.State))
                    {
                        row.FinishedAt = e.Time;
                        row.EtaSeconds = -1;
                        if (e.State == JobStatus.Failed) row.Error = e.Message ?? "";
                    }
                    if (!string.IsNullOrEmpty(e.Message))
                        row.AddLog("[state] " + e.State + ": " + e.Message);
                    break;
                case JobEventKind.Progress:
                    row.Step = e.Step;
                    if (e.Total > 0) row.Total = e.Total;
                    row.EtaSeconds = e.EtaSeconds;
                    row.ProgressMessage = e.Message ?? "";
                    break;
                case JobEventKind.Metric:
                    if (!string.IsNullOrEmpty(e.MetricName))
                        row.GetOrAddMetric(e.MetricName).Add(e.Step, e.MetricValue);
                    break;
                case JobEventKind.Log:
                    row.AddLog("[" + (string.IsNullOrEmpty(e.LogLevel) ? "info" : e.LogLevel) + "] " + e.Message);
                    break;
                case JobEventKind.Artifact:
                    if (e.ArtifactKind == "model" && !string.IsNullOrEmpty(e.ArtifactModel))
                    {
                        row.ModelName = e.ArtifactModel;
                        row.ModelVersion = e.ArtifactVersion;
                    }
                    else if (e.ArtifactKind != "model")
                    {
                        row.ArtifactSeq = e.Seq;
                    }
                    break;
            }
            Version++;
            return true;
        }

        /// <summary>Jobs whose Watch stream should be open (not finished, or finished but never watched).</summary>
        public IEnumerable<JobRow> RowsToWatch()
        {
            foreach (var row in Rows)
            {
                if (!row.IsTerminal)
                    yield return row;
            }
        }

        public void Clear()
        {
            m_Rows.Clear();
            m_Ordered.Clear();
            Version++;
        }

        JobRow GetOrAdd(string id)
        {
            JobRow row;
            if (!m_Rows.TryGetValue(id, out row))
            {
                row = new JobRow(id);
                m_Rows[id] = row;
                m_Ordered.Add(row);
                m_OrderDirty = true;
            }
            return row;
        }
    }
}
