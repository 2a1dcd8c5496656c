using EngineMind.Core.Format;
using EngineMind.Core.Models;
using UnityEngine.UIElements;

namespace EngineMind.Editor.Window
{
    /// <summary>Model registry: latest version of each model with metrics and aliases; set an alias.</summary>
    internal sealed class ModelsTab : IDashboardTab
    {
        readonly DashboardController m_Owner;
        readonly VisualElement m_List = new VisualElement();
        int m_DrawnVersion = -1;

        public ModelsTab(DashboardController owner)
        {
            m_Owner = owner;
            Root = new VisualElement();
            var row = new VisualElement();
            row.AddToClassList("em-row");
            var title = new Label("Registered models");
            title.AddToClassList("em-section");
            title.AddToClassList("em-grow");
            row.Add(title);
            row.Add(new Button(() => m_Owner.RefreshModels()) { text = "Refresh" });
            Root.Add(row);
            Root.Add(m_List);
        }

        public string Title { get { return "Models"; } }
        public VisualElement Root { get; private set; }

        public void Refresh(double now)
        {
            if (m_DrawnVersion == m_Owner.ModelsVersion) return;
            m_DrawnVersion = m_Owner.ModelsVersion;
            m_List.Clear();
            if (m_Owner.Models.Count == 0)
            {
                m_List.Add(new Label("no models registered yet: a job registers one when it finishes"));
                return;
            }
            foreach (var model in m_Owner.Models)
                m_List.Add(Card(model));
        }

        VisualElement Card(ModelRow model)
        {
            var card = new VisualElement();
            card.AddToClassList("em-card");
            var head = new Label(model.Title + "  " + model.AliasText + "  (" + model.Family + ")");
            head.AddToClassList("em-section");
            card.Add(head);
            card.Add(new Label(model.MetricText));
            var info = new Label("job " + Formatting.ShortId(model.JobId, 12) + "  created " +
                                 Formatting.UtcTime(model.CreatedAt) + " UTC  artifacts " +
                                 Formatting.Bytes(model.TotalArtifactBytes));
            info.AddToClassList("em-muted");
            card.Add(info);
            var aliasRow = new VisualElement();
            aliasRow.AddToClassList("em-row");
            var alias = new TextField("Alias");
            alias.AddToClassList("em-grow");
            aliasRow.Add(alias);
            var name = model.Model;
            var version = model.Version;
            aliasRow.Add(new Button(() => m_Owner.SetAlias(name, version, alias.value.Trim())) { text = "Set alias" });
            card.Add(aliasRow);
            return card;
        }
    }
}
