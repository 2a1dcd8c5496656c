using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace EngineMind.Core.Planner
{
    /// <summary>One skill call of a plan (enginemind.v1.PlanStep).</summary>
    public sealed class PlanStepData
    {
        public string Action = "";
        public string Target = "";
        /// <summary>"" when the action takes none.</summary>
        public string Destination = "";
        /// <summary>Numeric arguments: force (N), speed (m/s), seconds (wait); sorted by name.</summary>
        public SortedDictionary<string, double> Args = new SortedDictionary<string, double>(StringComparer.Ordinal);

        /// <summary>"speed=0.5 force=10" (sorted), "" without arguments.</summary>
        public string ArgsText()
        {
            var parts = new List<string>();
            foreach (var kv in Args) parts.Add(kv.Key + "=" + PlanText.Num(kv.Value));
            return string.Join(" ", parts.ToArray());
        }
    }

    /// <summary>
    /// The planner's one-line-per-step grammar (python_backend/.../planner/plan.py), which the Planner tab's
    /// correction editor uses: <c>ACTION [TARGET [DESTINATION]] (KEY=NUMBER)*</c>, and <c>wait SECONDS</c>.
    /// Parsing checks the shape only (known action, entity-name syntax, finite numbers); the backend checks the
    /// rest (ValidatePlan) before it stores a correction.
    /// </summary>
    public static class PlanText
    {
        public const int k_MaxSteps = 64;
        public static readonly string[] k_Actions =
        {
            "move_to", "grasp", "place", "release", "open", "close", "push", "pour", "wait", "inspect", "hand_over",
        };
        static readonly Regex k_Name = new Regex("^[a-z][a-z0-9_]{0,47}$");
        static readonly CultureInfo k_Inv = CultureInfo.InvariantCulture;

        /// <summary>Steps of <paramref name="text"/>; a FormatException names the line that is wrong.</summary>
        public static List<PlanStepData> Parse(string text)
        {
            var steps = new List<PlanStepData>();
            var lines = (text ?? "").Replace("\r\n", "\n").Split('\n');
            for (var no = 1; no <= lines.Length; no++)
            {
                var toks = lines[no - 1].Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (toks.Length == 0) continue;
                var where = "line " + no;
                var step = new PlanStepData { Action = toks[0] };
                if (Array.IndexOf(k_Actions, step.Action) < 0)
                    throw new FormatException(where + ": unknown action '" + step.Action + "'; actions are " +
                        string.Join(", ", k_Actions));
                var names = new List<string>();
                for (var i = 1; i < toks.Length; i++)
                {
                    var eq = toks[i].IndexOf('=');
                    if (eq < 0)
                    {
                        names.Add(toks[i]);
                        continue;
                    }
                    var key = toks[i].Substring(0, eq);
                    step.Args[key] = Number(key, toks[i].Substring(eq + 1), where);
                }
                if (step.Action == "wait")
                {
                    if (names.Count > 1) throw new FormatException(where + ": wait takes one number of seconds");
                    if (names.Count == 1) step.Args["seconds"] = Number("seconds", names[0], where);
                    names.Clear();
                }
                if (names.Count > 2)
                    throw new FormatException(where + ": " + step.Action +
                        " takes a target and at most one destination, got " + string.Join(" ", names.ToArray()));
                foreach (var n in names)
                    if (!k_Name.IsMatch(n))
                        throw new FormatException(where + ": '" + n + "' is not an entity name (lower case, digits, _)");
                if (names.Count > 0) step.Target = names[0];
                if (names.Count > 1) step.Destination = names[1];
                steps.Add(step);
            }
            if (steps.Count > k_MaxSteps) throw new FormatException("a plan has at most " + k_MaxSteps + " steps");
            return steps;
        }

        static double Number(string key, string raw, string where)
        {
            double v;
            if (!double.TryParse(raw, NumberStyles.Float, k_Inv, out v))
                throw new FormatException(where + ": argument " + key + "='" + raw + "' is not a number");
            if (double.IsNaN(v) || double.IsInfinity(v))
                throw new FormatException(where + ": argument " + key + " must be finite");
            return v;
        }

        /// <summary>Integers without a decimal point (as plan.py writes them), else the round-trip form.</summary>
        public static string Num(double v)
        {
            return v == Math.Floor(v) && Math.Abs(v) < 1e15 ? ((long)v).ToString(k_Inv) : v.ToString("R", k_Inv);
        }

        public static string Line(PlanStepData s)
        {
            if (s.Action == "wait")
            {
                double seconds;
                return "wait " + Num(s.Args.TryGetValue("seconds", out seconds) ? seconds : 1.0);
            }
            var parts = new List<string> { s.Action };
            if (s.Target.Length > 0) parts.Add(s.Target);
            if (s.Destination.Length > 0) parts.Add(s.Destination);
            var args = s.ArgsText();
            if (args.Length > 0) parts.Add(args);
            return string.Join(" ", parts.ToArray());
        }

        public static string Format(IList<PlanStepData> steps)
        {
            var lines = new List<string>();
            foreach (var s in steps) lines.Add(Line(s));
            return string.Join("\n", lines.ToArray());
        }

        /// <summary>The steps as protobuf JSON (PlanStep, proto field names), for requests.</summary>
        public static List<object> ToJson(IList<PlanStepData> steps)
        {
            var list = new List<object>();
            foreach (var s in steps)
            {
                var d = new Dictionary<string, object> { { "action", s.Action }, { "target", s.Target } };
                if (s.Destination.Length > 0) d["destination"] = s.Destination;
                if (s.Args.Count > 0)
                {
                    var args = new Dictionary<string, object>();
                    foreach (var kv in s.Args) args[kv.Key] = kv.Value;
                    d["args"] = args;
                }
                list.Add(d);
            }
            return list;
        }

        /// <summary>Steps from JSON objects (the CLI's result_json "steps" or protobuf JSON).</summary>
        public static List<PlanStepData> FromJson(IList<object> items)
        {
            var steps = new List<PlanStepData>();
            foreach (var item in items ?? new List<object>())
            {
                var o = item as Dictionary<string, object>;
                if (o == null) throw new FormatException("a plan step must be a JSON object");
                var s = new PlanStepData { Action = Str(o, "action"), Target = Str(o, "target"), Destination = Str(o, "destination") };
                object args;
                if (o.TryGetValue("args", out args) && args is Dictionary<string, object>)
                    foreach (var kv in (Dictionary<string, object>)args)
                        s.Args[kv.Key] = Convert.ToDouble(kv.Value, k_Inv);
                steps.Add(s);
            }
            return steps;
        }

        internal static string Str(Dictionary<string, object> o, string key)
        {
            object v;
            return o.TryGetValue(key, out v) && v != null ? Convert.ToString(v, k_Inv) : "";
        }
    }
}
