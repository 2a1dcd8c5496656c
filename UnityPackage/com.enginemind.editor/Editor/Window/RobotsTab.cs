using System;
using System.Collections.Generic;
using EngineMind.Core.Format;
using EngineMind.Core.Robots;
using UnityEngine.UIElements;

namespace EngineMind.Editor.Window
{
    /// <summary>Live ai_prediction per robot: status badge (OK/WARN/ERROR/STALE), 0..1 bars, model and age.</summary>
    internal sealed class RobotsTab : IDashboardTab
    {
        const double k_RedrawSeconds = 0.2;

        readonly DashboardController m_Owner;
        readonly Action<string> m_PlanFor;
        readonly HelpBox m_Waiting = new HelpBox("", HelpBoxMessageType.Info);
        readonly VisualElement m_List = new VisualElement();
        int m_DrawnVersion = -1;
        double m_LastDraw;

        /// <param name="planFor">Opens the Planner tab with this robot picked (null: no button).</param>
        public RobotsTab(DashboardController owner, Action<string> planFor = null)
        {
            m_Owner = owner;
            m_PlanFor = planFor;
            Root = new VisualElement();
            Root.Add(m_Waiting);
            Root.Add(m_List);
        }

        public string Title { get { return "Robots"; } }
        public VisualElement Root { get; private set; }

        static double UnixNow()
        {
            return (DateTime.UtcNow - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
        }

        public void Refresh(double now)
        {
            var robots = m_Owner.Robots;
            var unix = UnixNow();
            robots.Tick(unix);
            var feed = m_Owner.Telemetry;
            m_Waiting.EnableInClassList("em-hidden", feed.Streaming && robots.Rows().Count > 0);
            m_Waiting.text = feed.Unavailable ? "this backend has no telemetry service (Telemetry.WatchPredictions)"
                : !m_Owner.Connection.IsConnected ? "connect in the Backend tab to see robots"
                : !feed.Streaming ? "opening the prediction stream ... " + feed.Note
                : "no robot has sent anything yet (" + robots.Dropped + " conflated)";
            if (now - m_LastDraw < k_RedrawSeconds) return;
            m_LastDraw = now;
            if (robots.Version == m_DrawnVersion && m_DrawnVersion >= 0) return;
            m_DrawnVersion = robots.Version;
            m_List.Clear();
            foreach (var row in robots.Rows())
                m_List.Add(Card(row, unix, m_PlanFor));
        }

        static VisualElement Card(RobotRow row, double unixNow, Action<string> planFor)
        {
            var card = new VisualElement();
            card.AddToClassList("em-card");
            var head = new VisualElement();
            head.AddToClassList("em-row");
            var badge = new Label(RobotStatusModel.Label(row.Status));
            badge.AddToClassList("em-badge");
            badge.AddToClassList("em-badge--" + RobotStatusModel.Label(row.Status).ToLowerInvariant());
            head.Add(badge);
            var models = new List<string>();
            foreach (var p in row.Predictions.Values)
                if (!string.IsNullOrEmpty(p.Model) && !models.Contains(p.Model + " v" + p.ModelVersion))
                    models.Add(p.Model + " v" + p.ModelVersion);
            var title = new Label(row.RobotId + "  " + string.Join(", ", models.ToArray()) + "  last message " +
                                  Formatting.Age(row.LastSeen, unixNow));
            title.AddToClassList("em-grow");
            head.Add(title);
            if (planFor != null)
            {
                var id = row.RobotId;
                head.Add(new Button(() => planFor(id)) { text = "Plan a mission" });
            }
            card.Add(head);
            foreach (var p in row.Predictions.Values)
            {
                if (RobotStatusModel.IsProbability(p.Kind))
                {
                    var bar = new ProgressBar { lowValue = 0, highValue = 1 };
                    bar.value = RobotStatusModel.Bar(p.Score);
                    bar.title = RobotStatusModel.Describe(p);
                    card.Add(bar);
                }
                else
                {
                    card.Add(new Label(RobotStatusModel.Describe(p)));
                }
                if (!string.IsNullOrEmpty(p.Explanation))
                {
                    var why = new Label(p.Explanation);
                    why.AddToClassList("em-muted");
                    card.Add(why);
                }
            }
            foreach (var d in row.Diagnostics.Values)
            {
                if (d.Level == PredictionStatus.Ok) continue;
                card.Add(new Label(RobotStatusModel.Label(d.Level) + " " + d.Name + ": " + d.Message));
            }
            return card;
        }
    }
}
