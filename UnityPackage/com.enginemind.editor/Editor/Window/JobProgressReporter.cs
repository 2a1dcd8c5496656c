using System.Collections.Generic;
using EngineMind.Core.Format;
using EngineMind.Core.Jobs;
using UnityEditor;

namespace EngineMind.Editor.Window
{
    /// <summary>Mirrors running jobs into Unity's Background Tasks window (UnityEditor.Progress), with cancel.</summary>
    internal sealed class JobProgressReporter
    {
        readonly DashboardController m_Owner;
        readonly Dictionary<string, int> m_Ids = new Dictionary<string, int>();
        int m_SeenVersion = -1;

        public JobProgressReporter(DashboardController owner)
        {
            m_Owner = owner;
        }

        public void Update()
        {
            var jobs = m_Owner.Jobs;
            if (jobs.Version == m_SeenVersion) return;
            m_SeenVersion = jobs.Version;
            foreach (var row in jobs.Rows)
            {
                int id;
                var known = m_Ids.TryGetValue(row.Id, out id);
                if (!known && row.State == JobStatus.Running)
                {
                    var jobId = row.Id;
                    id = Progress.Start("EngineMind " + row.Family + " " + Formatting.ShortId(row.Id, 8), "starting");
                    Progress.RegisterCancelCallback(id, () =>
                    {
                        m_Owner.CancelJob(jobId);
                        return true;
                    });
                    m_Ids[row.Id] = id;
                    known = true;
                }
                if (!known || !Progress.Exists(id)) continue;
                if (row.IsTerminal)
                {
                    Progress.Finish(id, row.State == JobStatus.Succeeded ? Progress.Status.Succeeded :
                        row.State == JobStatus.Cancelled ? Progress.Status.Canceled : Progress.Status.Failed);
                    m_Ids.Remove(row.Id);
                    continue;
                }
                var fraction = row.Fraction < 0 ? 0f : (float)row.Fraction;
                Progress.Report(id, fraction, Formatting.JobProgress(row));
            }
        }

        /// <summary>
        /// Take every entry out of Background Tasks without a final status: the jobs still run in the backend. Finishing
        /// them as Canceled (as Unity itself does to C# progress at a domain reload: Progress.Start marks it
        /// Options.Managed, "so they get canceled when a domain reload occurs", UnityCsReference
        /// Editor/Mono/Progress/Progress.bindings.cs) would tell the user a running job was cancelled.
        /// </summary>
        public void RemoveAll()
        {
            foreach (var id in m_Ids.Values)
            {
                if (Progress.Exists(id)) Progress.Remove(id);
            }
            m_Ids.Clear();
        }
    }
}
