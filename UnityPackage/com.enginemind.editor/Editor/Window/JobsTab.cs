using System;
using System.Collections.Generic;
using EngineMind.Core.Format;
using EngineMind.Core.Jobs;
using UnityEngine.UIElements;

namespace EngineMind.Editor.Window
{
    /// <summary>
    /// Live job list (Watch streams), submit form per family, cancel, curves, the selected job's image artifacts
    /// (<see cref="ArtifactPanel"/>), link to the registered model.
    /// </summary>
    internal sealed class JobsTab : IDashboardTab
    {
        const double k_RedrawSeconds = 0.25;
        const int k_MaxRows = 100;

        readonly DashboardController m_Owner;
        readonly Action m_ShowModels;
        readonly DropdownField m_Family = new DropdownField("Family");
        readonly TextField m_Config = new TextField("Config (key = value per line)");
        readonly TextField m_Nproc = new TextField("Processes (DDP)");
        readonly VisualElement m_List = new VisualElement();
        readonly Label m_DetailTitle = new Label("");
        readonly CurveElement m_Curve = new CurveElement();
        readonly VisualElement m_Legend = new VisualElement();
        readonly Label m_Log = new Label("");
        readonly Button m_ModelLink;
        readonly ArtifactPanel m_Artifacts;
        string m_Selected;
        int m_DrawnVersion = -1;
        string m_DrawnFamilies = "";
        double m_LastDraw;

        public JobsTab(DashboardController owner, Action showModels)
        {
            m_Owner = owner;
            m_ShowModels = showModels;
            Root = new VisualElement();
            var form = new VisualElement();
            form.AddToClassList("em-card");
            form.Add(UiUtil.Section("Submit a job"));
            form.Add(m_Family);
            m_Config.multiline = true;
            form.Add(m_Config);
            m_Nproc.value = "0";
            form.Add(m_Nproc);
            form.Add(new Button(Submit) { text = "Submit" });
            Root.Add(form);

            Root.Add(UiUtil.Section("Jobs"));
            Root.Add(m_List);

            var detail = new VisualElement();
            detail.AddToClassList("em-card");
            detail.Add(m_DetailTitle);
            detail.Add(m_Curve);
            m_Legend.AddToClassList("em-legend");
            detail.Add(m_Legend);
            m_ModelLink = new Button(() => m_ShowModels()) { text = "" };
            detail.Add(m_ModelLink);
            m_Log.AddToClassList("em-mono");
            detail.Add(m_Log);
            m_Artifacts = new ArtifactPanel(owner);
            detail.Add(m_Artifacts.Root);
            Root.Add(detail);
        }

        public string Title { get { return "Jobs"; } }
        public VisualElement Root { get; private set; }


        void Submit()
        {
            if (string.IsNullOrEmpty(m_Family.value))
            {
                m_Owner.Notify("choose a family (the list fills after connecting)");
                return;
            }
            int nproc;
            if (!int.TryParse(m_Nproc.value.Trim(), out nproc) || nproc < 0)
            {
                m_Owner.Notify("processes must be 0 or a positive number");
                return;
            }
            m_Owner.SubmitJob(m_Family.value, m_Config.value, nproc);
        }

        public void Refresh(double now)
        {
            var hs = m_Owner.Handshake;
            var families = hs == null ? "" : string.Join(",", hs.Families);
            if (families != m_DrawnFamilies)
            {
                m_DrawnFamilies = families;
                m_Family.choices = hs == null ? new List<string>() : new List<string>(hs.Families);
                if (m_Family.choices.Count > 0 && string.IsNullOrEmpty(m_Family.value)) m_Family.index = 0;
            }
            var jobs = m_Owner.Jobs;
            m_Artifacts.Refresh(jobs.Find(m_Selected)); // cheap unless a listing or a picture arrived
            if (jobs.Version == m_DrawnVersion || now - m_LastDraw < k_RedrawSeconds) return;
            m_DrawnVersion = jobs.Version;
            m_LastDraw = now;
            DrawList(jobs);
            DrawDetail(jobs.Find(m_Selected));
        }

        void DrawList(JobListModel jobs)
        {
            m_List.Clear();
            var shown = 0;
            foreach (var row in jobs.Rows)
            {
                if (++shown > k_MaxRows) break;
                var card = new VisualElement();
                card.AddToClassList("em-card");
                var line = new VisualElement();
                line.AddToClassList("em-row");
                var id = row.Id;
                var title = new Label(Formatting.ShortId(row.Id, 12) + "  " + row.Family + "  " +
                                      Formatting.UtcTime(row.CreatedAt) + " UTC");
                title.AddToClassList("em-grow");
                line.Add(title);
                line.Add(new Button(() => Select(id)) { text = "Details" });
                if (!row.IsTerminal && !row.CancelRequested)
                    line.Add(new Button(() => m_Owner.CancelJob(id)) { text = "Cancel" });
                card.Add(line);
                var bar = new ProgressBar { lowValue = 0, highValue = 100 };
                bar.value = row.Fraction < 0 ? 0 : (float)(row.Fraction * 100);
                bar.title = Formatting.JobProgress(row);
                card.Add(bar);
                if (!string.IsNullOrEmpty(row.Error))
                {
                    var err = new Label(row.Error);
                    err.AddToClassList("em-status--error");
                    card.Add(err);
                }
                m_List.Add(card);
            }
            if (shown == 0) m_List.Add(new Label("no jobs yet"));
        }

        void Select(string id)
        {
            if (m_Selected == id) m_Artifacts.Reload();
            m_Selected = id;
            DrawDetail(m_Owner.Jobs.Find(id));
        }

        void DrawDetail(JobRow row)
        {
            m_Legend.Clear();
            if (row == null)
            {
                m_DetailTitle.text = "select a job to see its curves and log";
                m_Curve.SetSeries(new MetricSeries[0]);
                m_ModelLink.EnableInClassList("em-hidden", true);
                m_Log.text = "";
                return;
            }
            m_DetailTitle.text = row.Id + " (" + row.Family + "): " + Formatting.JobProgress(row) +
                (row.StartedAt > 0 ? "  started " + Formatting.UtcTime(row.StartedAt) + " UTC" : "");
            var series = new List<MetricSeries>();
            foreach (var name in row.MetricNames) series.Add(row.Metric(name));
            m_Curve.SetSeries(series);
            for (var i = 0; i < series.Count; i++)
            {
                var s = series[i];
                var label = new Label(s.Name + " " + Formatting.Metric(s.Last.Value) + " @" + s.Last.Step);
                label.AddToClassList("em-badge");
                m_Legend.Add(label);
            }
            var hasModel = !string.IsNullOrEmpty(row.ModelName);
            m_ModelLink.EnableInClassList("em-hidden", !hasModel);
            m_ModelLink.text = hasModel ? "Registered model: " + row.ModelName + " v" + row.ModelVersion + " (open Models)" : "";
            var log = row.Log;
            var start = Math.Max(0, log.Count - 15);
            var lines = new List<string>();
            for (var i = start; i < log.Count; i++) lines.Add(log[i]);
            m_Log.text = string.Join("\n", lines.ToArray());
        }
    }
}
