using System.Collections.Generic;
using EngineMind.Core.Connection;

namespace EngineMind.Core.Jobs
{
    /// <summary>
    /// Which jobs have an open Watch stream, and when a broken one may be re-opened (resuming after LastSeq).
    /// The editor asks <see cref="DueToStart"/> every tick and reports starts and ends; the book never blocks.
    /// </summary>
    public sealed class WatchBook
    {
        sealed class Entry
        {
            public bool Active;
            public int Failures;
            public double RetryAt;
            public bool Done;
        }

        readonly Dictionary<string, Entry> m_Entries = new Dictionary<string, Entry>();
        readonly ReconnectPolicy m_Policy;

        public WatchBook(ReconnectPolicy policy)
        {
            m_Policy = policy ?? new ReconnectPolicy();
        }

        public int ActiveCount
        {
            get
            {
                var n = 0;
                foreach (var e in m_Entries.Values) if (e.Active) n++;
                return n;
            }
        }

        public bool IsActive(string jobId)
        {
            Entry e;
            return m_Entries.TryGetValue(jobId, out e) && e.Active;
        }

        /// <summary>Jobs that need a stream now: not finished, not already watched, not waiting to retry.</summary>
        public List<string> DueToStart(IEnumerable<JobRow> rows, double now)
        {
            var due = new List<string>();
            foreach (var row in rows)
            {
                Entry e;
                if (!m_Entries.TryGetValue(row.Id, out e))
                {
                    if (!row.IsTerminal) due.Add(row.Id);
                    continue;
                }
                if (!e.Active && !e.Done && !row.IsTerminal && now >= e.RetryAt) due.Add(row.Id);
            }
            return due;
        }

        public void Started(string jobId)
        {
            Entry e;
            if (!m_Entries.TryGetValue(jobId, out e))
            {
                e = new Entry();
                m_Entries[jobId] = e;
            }
            e.Active = true;
        }

        /// <summary>The stream ended normally: the server closes it when the job is finished.</summary>
        public void Completed(string jobId)
        {
            Entry e;
            if (!m_Entries.TryGetValue(jobId, out e)) return;
            e.Active = false;
            e.Done = true;
        }

        /// <summary>The stream broke; returns the time of the next attempt, or -1 when it should not be retried.</summary>
        public double Failed(string jobId, RpcCode code, double now)
        {
            Entry e;
            if (!m_Entries.TryGetValue(jobId, out e)) return -1;
            e.Active = false;
            if (code == RpcCode.NotFound || code == RpcCode.Cancelled)
            {
                e.Done = true;
                return -1;
            }
            e.Failures++;
            e.RetryAt = now + m_Policy.NextDelay(e.Failures);
            return e.RetryAt;
        }

        /// <summary>A message arrived on the stream: the backoff starts again from the beginning.</summary>
        public void Healthy(string jobId)
        {
            Entry e;
            if (m_Entries.TryGetValue(jobId, out e)) e.Failures = 0;
        }

        public void Clear()
        {
            m_Entries.Clear();
        }
    }
}
