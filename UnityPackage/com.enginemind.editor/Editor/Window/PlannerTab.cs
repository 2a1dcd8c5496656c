using System;
using System.Collections.Generic;
using EngineMind.Core.Connection;
using EngineMind.Core.Planner;
using EngineMind.Editor.Transport;
using UnityEngine.UIElements;

namespace EngineMind.Editor.Window
{
    /// <summary>
    /// Planner tab: a mission, a robot from the Robots tab (its live state feeds the safety monitor), a planner
    /// (rule | lm | auto) and the context JSON go to Planner.PlanMission; the validated plan shows as steps with its
    /// safety verdict and reasons; the operator edits the steps, checks them (ValidatePlan) and sends the correction
    /// with the execution's outcome (RecordExecution). Form checks and requests are Core's <see cref="PlannerSession"/>.
    /// </summary>
    internal sealed class PlannerTab : IDashboardTab
    {
        readonly DashboardController m_Owner;
        readonly PlannerSession m_Session = new PlannerSession();
        readonly HelpBox m_Waiting = new HelpBox("", HelpBoxMessageType.Info);
        readonly TextField m_Mission = new TextField("Mission");
        readonly DropdownField m_Robot = new DropdownField("Robot");
        readonly Label m_RobotState = new Label("");
        readonly DropdownField m_Planner = new DropdownField("Planner");
        readonly TextField m_Context = new TextField("Context (JSON)");
        readonly Button m_PlanButton;
        readonly Label m_Headline = new Label("");
        readonly VisualElement m_Steps = new VisualElement();
        readonly Label m_Reasons = new Label("");
        readonly TextField m_Correction = new TextField("Corrected steps (one per line)");
        readonly Label m_CheckResult = new Label("");
        readonly Toggle m_Success = new Toggle("The plan succeeded as executed");
        readonly TextField m_Note = new TextField("Note");
        int m_RobotsVersion = -1;
        int m_DrawnVersion = -1;
        double m_LastRobotLine;
        int m_Generation = -1;
        bool m_Busy;

        public PlannerTab(DashboardController owner)
        {
            m_Owner = owner;
            Root = new VisualElement();
            Root.Add(m_Waiting);
            var form = new VisualElement();
            form.AddToClassList("em-card");
            form.Add(UiUtil.Section("Mission"));
            m_Mission.multiline = true;
            form.Add(m_Mission);
            m_Robot.choices = PlannerSession.RobotChoices(null);
            m_Robot.index = 0;
            form.Add(m_Robot);
            m_RobotState.AddToClassList("em-muted");
            form.Add(m_RobotState);
            m_Planner.choices = new List<string>(PlannerSession.k_Planners);
            m_Planner.index = 0;
            form.Add(m_Planner);
            m_Context.multiline = true;
            m_Context.value = PlannerSession.k_ExampleContext;
            form.Add(m_Context);
            m_PlanButton = new Button(Plan) { text = "Plan" };
            form.Add(m_PlanButton);
            Root.Add(form);

            var plan = new VisualElement();
            plan.AddToClassList("em-card");
            plan.Add(UiUtil.Section("Plan"));
            plan.Add(m_Headline);
            plan.Add(m_Steps);
            m_Reasons.AddToClassList("em-mono");
            plan.Add(m_Reasons);
            Root.Add(plan);

            var fix = new VisualElement();
            fix.AddToClassList("em-card");
            fix.Add(UiUtil.Section("Correction"));
            m_Correction.multiline = true;
            fix.Add(m_Correction);
            var buttons = new VisualElement();
            buttons.AddToClassList("em-row");
            buttons.Add(new Button(() => m_Correction.value = m_Session.CorrectionSeed()) { text = "Reset to plan" });
            buttons.Add(new Button(CheckCorrection) { text = "Check" });
            fix.Add(buttons);
            m_CheckResult.AddToClassList("em-mono");
            fix.Add(m_CheckResult);
            fix.Add(m_Success);
            fix.Add(m_Note);
            fix.Add(new Button(Send) { text = "Send to the backend (RecordExecution)" });
            Root.Add(fix);
        }

        public string Title { get { return "Planner"; } }
        public VisualElement Root { get; private set; }

        /// <summary>Pick <paramref name="robotId"/> in the robot list (from the Robots tab's "Plan a mission").</summary>
        public void PickRobot(string robotId)
        {
            var choices = PlannerSession.RobotChoices(m_Owner.Robots);
            m_Robot.choices = choices;
            m_Robot.index = Math.Max(0, choices.IndexOf(robotId));
        }

        bool Supported
        {
            get
            {
                var hs = m_Owner.Handshake;
                return hs != null && hs.Capabilities.Contains(RpcSequence.k_PlannerCapability);
            }
        }

        public void Refresh(double now)
        {
            if (m_Owner.Generation != m_Generation)
            {
                m_Generation = m_Owner.Generation;
                m_Busy = false; // a plan in flight on a closed connection never reports
            }
            var connected = m_Owner.Connection.IsConnected;
            m_Waiting.EnableInClassList("em-hidden", connected && Supported);
            var waiting = !connected ? "connect in the Backend tab to plan missions"
                : "this backend has no Planner service (upgrade it)";
            if (m_Waiting.text != waiting) m_Waiting.text = waiting;
            m_PlanButton.SetEnabled(connected && Supported && !m_Busy);
            var robots = m_Owner.Robots;
            if (robots.Version != m_RobotsVersion)
            {
                m_RobotsVersion = robots.Version;
                var picked = m_Robot.value;
                var choices = PlannerSession.RobotChoices(robots);
                if (string.Join(",", choices.ToArray()) != string.Join(",", m_Robot.choices.ToArray()))
                {
                    m_Robot.choices = choices;
                    m_Robot.index = Math.Max(0, choices.IndexOf(picked));
                }
            }
            if (now - m_LastRobotLine > 0.5)
            {
                m_LastRobotLine = now;
                UiUtil.SetText(m_RobotState, PlannerSession.RobotSummary(robots, m_Robot.value, UnixNow()));
            }
            if (m_Session.Version != m_DrawnVersion) Draw();
        }

        static double UnixNow()
        {
            return (DateTime.UtcNow - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
        }

        void Plan()
        {
            string request;
            try
            {
                request = m_Session.BeginPlan(m_Mission.value, m_Context.value, m_Planner.value, m_Robot.value);
            }
            catch (FormatException e)
            {
                m_Owner.Notify(e.Message);
                return;
            }
            if (!m_Owner.RequireClient()) return;
            m_Busy = true;
            m_Owner.Notify("planning ...");
            m_Owner.Call((c, ct) => c.PlanMissionAsync(request, ct), r =>
            {
                m_Busy = false;
                m_Session.OnPlanned(PlanView.FromResultJson(r.ResultJson));
                m_Correction.value = m_Session.CorrectionSeed();
                m_Owner.Notify("planned in " + r.LatencyMs.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " ms");
            }, e =>
            {
                m_Busy = false;
                m_Owner.Notify("plan failed: " + RpcErrors.DetailOf(e));
            });
        }

        void CheckCorrection()
        {
            string request;
            try
            {
                request = m_Session.ValidateJson(m_Correction.value);
            }
            catch (FormatException e)
            {
                m_CheckResult.text = e.Message;
                return;
            }
            if (!m_Owner.RequireClient()) return;
            m_Owner.Call((c, ct) => c.ValidatePlanAsync(request, ct), r => m_Session.OnChecked(ProtoConvert.ToPlanView(r)),
                e => m_CheckResult.text = "check failed: " + RpcErrors.DetailOf(e));
        }

        void Send()
        {
            string request;
            bool corrected;
            try
            {
                request = m_Session.RecordJson(m_Correction.value, m_Success.value, m_Note.value, out corrected);
            }
            catch (FormatException e)
            {
                m_Owner.Notify(e.Message);
                return;
            }
            if (!m_Owner.RequireClient()) return;
            m_Owner.Call((c, ct) => c.RecordExecutionAsync(request, ct), r => m_Owner.Notify(
                    "recorded execution " + r.ExecutionId + (corrected ? " with your correction" : " (no correction)") +
                    "; " + r.Executions + " executions stored, they feed the next planner training job"),
                e => m_Owner.Notify("not recorded: " + RpcErrors.DetailOf(e)));
        }

        void Draw()
        {
            m_DrawnVersion = m_Session.Version;
            var plan = m_Session.Plan;
            m_Steps.Clear();
            m_Headline.text = plan == null ? "no plan yet" : plan.Headline();
            foreach (var v in new[] { "ok", "repaired", "rejected" })
                m_Headline.EnableInClassList("em-verdict--" + v, plan != null && plan.VerdictClass == "em-verdict--" + v);
            if (plan != null)
            {
                m_Steps.Add(Row("#", "action", "target", "destination", "args"));
                for (var i = 0; i < plan.Steps.Count; i++)
                {
                    var s = plan.Steps[i];
                    m_Steps.Add(Row((i + 1).ToString(), s.Action, s.Target, s.Destination, s.ArgsText()));
                }
            }
            var lines = plan == null ? new List<string>() : plan.Explanations();
            if (plan != null && plan.SuccessCriteria.Count > 0)
                lines.Add("success: " + string.Join("; ", plan.SuccessCriteria.ToArray()));
            m_Reasons.text = string.Join("\n", lines.ToArray());
            var check = m_Session.Check;
            m_CheckResult.text = check == null ? "" : check.Headline() + "\n" +
                string.Join("\n", check.Explanations().ToArray());
        }

        static VisualElement Row(string index, string action, string target, string destination, string args)
        {
            var row = new VisualElement();
            row.AddToClassList("em-table-row");
            var cells = new[] { index, action, target, destination, args };
            for (var i = 0; i < cells.Length; i++)
            {
                var cell = new Label(cells[i]);
                cell.AddToClassList(i == 0 ? "em-cell--index" : "em-cell");
                if (i == cells.Length - 1) cell.AddToClassList("em-grow");
                row.Add(cell);
            }
            return row;
        }
    }
}
