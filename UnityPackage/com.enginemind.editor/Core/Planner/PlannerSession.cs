using System;
using System.Collections.Generic;
using EngineMind.Core.Format;
using EngineMind.Core.Json;
using EngineMind.Core.Robots;

namespace EngineMind.Core.Planner
{
    /// <summary>
    /// The Planner tab without UI: checks the form, builds the Planner requests as protobuf JSON (the editor parses
    /// them with JsonParser; tests/unity/test_backend_replay.py sends the very same JSON to a real backend), and
    /// keeps the last plan and the operator's correction.
    /// </summary>
    public sealed class PlannerSession
    {
        public const int k_MaxMission = 2000;
        public const int k_MaxContext = 64 * 1024;
        public const string k_NoRobot = "(no robot)";
        public static readonly string[] k_Planners = { "rule", "lm", "auto" };

        /// <summary>A context to start from (docs/planner.md); the operator edits it in the tab.</summary>
        public const string k_ExampleContext =
            "{\"objects\": [\"cup\", \"key\"], \"locations\": [\"table\", \"drawer\", \"shelf\"], \"humans\": [\"alice\"],\n" +
            " \"state\": {\"drawer\": \"closed\", \"key\": \"in drawer\", \"cup\": \"on table\"},\n" +
            " \"constraints\": {\"max_speed\": 1.0, \"max_force\": 40, \"human_speed\": 0.25}}";

        /// <summary>The mission, context, robot and planner of the last Plan request.</summary>
        public string Mission { get; private set; }
        public string ContextJson { get; private set; }
        public string RobotId { get; private set; }
        public string PlannerName { get; private set; }
        /// <summary>The last plan the backend returned (null before the first).</summary>
        public PlanView Plan { get; private set; }
        /// <summary>The backend's check of the operator's correction (null until checked; reset on a new plan).</summary>
        public PlanView Check { get; private set; }
        /// <summary>Grows on every change the tab should redraw.</summary>
        public int Version { get; private set; }

        /// <summary>Robot picker entries: "(no robot)" and then every robot the Robots tab knows, sorted.</summary>
        public static List<string> RobotChoices(RobotStatusModel robots)
        {
            var ids = new List<string>();
            if (robots != null)
                foreach (var row in robots.Rows()) ids.Add(row.RobotId);
            ids.Sort(StringComparer.Ordinal);
            ids.Insert(0, k_NoRobot);
            return ids;
        }

        /// <summary>
        /// One line about the picked robot as the Robots tab knows it (status, predictions, age), so the operator sees
        /// which live state the safety monitor will use; "" for no robot.
        /// </summary>
        public static string RobotSummary(RobotStatusModel robots, string choice, double nowUnix)
        {
            var id = Robot(choice);
            if (id.Length == 0) return "";
            RobotRow row = null;
            if (robots != null)
                foreach (var r in robots.Rows())
                    if (r.RobotId == id) row = r;
            if (row == null) return id + ": no live data in this editor (the backend uses its own telemetry)";
            var parts = new List<string>();
            foreach (var p in row.Predictions.Values) parts.Add(RobotStatusModel.Describe(p));
            return id + ": " + RobotStatusModel.Label(row.Status) + (parts.Count > 0 ? ", " : "") +
                string.Join(", ", parts.ToArray()) + ", last message " + Formatting.Age(row.LastSeen, nowUnix);
        }

        static string Robot(string choice)
        {
            return string.IsNullOrEmpty(choice) || choice == k_NoRobot ? "" : choice;
        }

        /// <summary>Null when the mission can be sent; otherwise what to fix.</summary>
        public static string CheckMission(string mission)
        {
            if (string.IsNullOrEmpty(mission) || mission.Trim().Length == 0) return "type a mission first";
            if (mission.Length > k_MaxMission)
                return "a mission has at most " + k_MaxMission + " characters (this one has " + mission.Length + ")";
            return null;
        }

        /// <summary>The context as a JSON object ("" = empty context); FormatException says what is wrong.</summary>
        public static Dictionary<string, object> ParseContext(string contextJson)
        {
            var text = (contextJson ?? "").Trim();
            if (text.Length == 0) return new Dictionary<string, object>();
            if (text.Length > k_MaxContext) throw new FormatException("the context has more than " + k_MaxContext + " characters");
            try
            {
                return MiniJson.ParseObject(text);
            }
            catch (FormatException e)
            {
                throw new FormatException("the context is not a JSON object: " + e.Message);
            }
        }

        /// <summary>Check the form and build PlanMissionRequest JSON; remembers the request for the correction.</summary>
        public string BeginPlan(string mission, string contextJson, string planner, string robotChoice)
        {
            var problem = CheckMission(mission);
            if (problem != null) throw new FormatException(problem);
            var context = ParseContext(contextJson);
            if (Array.IndexOf(k_Planners, planner) < 0)
                throw new FormatException("planner must be one of " + string.Join(", ", k_Planners));
            Mission = mission;
            ContextJson = MiniJson.Serialize(context);
            RobotId = Robot(robotChoice);
            PlannerName = planner;
            return MiniJson.Serialize(new Dictionary<string, object>
            {
                { "mission", Mission }, { "context_json", ContextJson }, { "planner", planner }, { "robot_id", RobotId },
            });
        }

        /// <summary>The backend answered the last Plan request.</summary>
        public void OnPlanned(PlanView plan)
        {
            Plan = plan;
            Check = null;
            Version++;
        }

        /// <summary>The editor's starting text for a correction: the plan as the planner's line grammar.</summary>
        public string CorrectionSeed()
        {
            return Plan == null ? "" : PlanText.Format(Plan.Steps);
        }

        /// <summary>ValidatePlanRequest JSON for the operator's corrected steps, in the last plan's context.</summary>
        public string ValidateJson(string correctionText)
        {
            RequirePlan();
            var steps = PlanText.Parse(correctionText);
            if (steps.Count == 0) throw new FormatException("the correction has no steps: write one step per line");
            return MiniJson.Serialize(new Dictionary<string, object>
            {
                { "steps", PlanText.ToJson(steps) }, { "context_json", ContextJson }, { "robot_id", RobotId },
            });
        }

        public void OnChecked(PlanView check)
        {
            Check = check;
            Version++;
        }

        /// <summary>
        /// RecordExecutionRequest JSON: the plan the backend gave, whether it succeeded, and the operator's correction
        /// when the text differs from that plan (the backend validates it before storing; it feeds the next training).
        /// </summary>
        public string RecordJson(string correctionText, bool success, string note, out bool hasCorrection)
        {
            RequirePlan();
            if (Plan.Steps.Count == 0)
                throw new FormatException("the planner returned no steps, so there is no executed plan to record; " +
                    "rephrase the mission or fix the context and plan again");
            var correction = PlanText.Parse(correctionText);
            hasCorrection = correction.Count > 0 && PlanText.Format(correction) != PlanText.Format(Plan.Steps);
            var context = ParseContext(ContextJson);
            if (RobotId.Length > 0) context["robot_id"] = RobotId; // RecordExecution reads the robot from the context
            var request = new Dictionary<string, object>
            {
                { "mission", Mission }, { "context_json", MiniJson.Serialize(context) },
                { "plan", PlanText.ToJson(Plan.Steps) }, { "success", success }, { "planner", PlannerName },
                { "note", note ?? "" },
            };
            if (hasCorrection) request["correction"] = PlanText.ToJson(correction);
            return MiniJson.Serialize(request);
        }

        void RequirePlan()
        {
            if (Plan == null) throw new FormatException("plan a mission first");
        }
    }
}
