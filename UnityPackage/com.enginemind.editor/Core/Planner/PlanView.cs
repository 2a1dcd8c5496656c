using System;
using System.Collections.Generic;
using System.Globalization;
using EngineMind.Core.Json;

namespace EngineMind.Core.Planner
{
    /// <summary>What the Planner tab shows of a plan: steps, validity, safety verdict and its reasons.</summary>
    public sealed class PlanView
    {
        public bool Valid;
        public List<PlanStepData> Steps = new List<PlanStepData>();
        /// <summary>"ok", "repaired" or "rejected".</summary>
        public string Verdict = "";
        public List<string> Reasons = new List<string>();
        public List<string> Notes = new List<string>();
        public List<string> Errors = new List<string>();
        public List<string> SuccessCriteria = new List<string>();
        /// <summary>The planner that produced the steps, e.g. "rule (no trained LM)"; "" for a checked correction.</summary>
        public string Planner = "";
        public double LatencyMs;

        /// <summary>True when the plan may run: valid and not rejected.</summary>
        public bool Runnable { get { return Valid && Verdict != "rejected"; } }

        /// <summary>USS class of the verdict label.</summary>
        public string VerdictClass { get { return "em-verdict--" + (Verdict.Length > 0 ? Verdict : "rejected"); } }

        /// <summary>"REPAIRED: valid plan, 5 steps (rule, 2.1 ms)".</summary>
        public string Headline()
        {
            var head = (Verdict.Length > 0 ? Verdict.ToUpperInvariant() : "NO VERDICT") + ": " +
                (Valid ? "valid plan" : "invalid plan") + ", " + Steps.Count + (Steps.Count == 1 ? " step" : " steps");
            if (Planner.Length > 0)
                head += " (" + Planner + ", " + LatencyMs.ToString("0.#", CultureInfo.InvariantCulture) + " ms)";
            return head;
        }

        /// <summary>Errors, then reasons, then notes, each on its own line with a prefix.</summary>
        public List<string> Explanations()
        {
            var lines = new List<string>();
            foreach (var e in Errors) lines.Add("error: " + e);
            foreach (var r in Reasons) if (!Errors.Contains(r)) lines.Add("reason: " + r);
            foreach (var n in Notes) lines.Add("note: " + n);
            return lines;
        }

        /// <summary>From PlanMissionResponse.result_json, the CLI's JSON (docs/planner.md).</summary>
        public static PlanView FromResultJson(string json)
        {
            var o = MiniJson.ParseObject(json);
            var view = new PlanView { Planner = PlanText.Str(o, "planner") };
            object v;
            if (o.TryGetValue("valid", out v) && v is bool) view.Valid = (bool)v;
            if (o.TryGetValue("latency_ms", out v) && v is double) view.LatencyMs = (double)v;
            if (o.TryGetValue("steps", out v)) view.Steps = PlanText.FromJson(v as List<object>);
            Strings(o, "errors", view.Errors);
            Strings(o, "success_criteria", view.SuccessCriteria);
            if (o.TryGetValue("safety", out v) && v is Dictionary<string, object>)
            {
                var safety = (Dictionary<string, object>)v;
                view.Verdict = PlanText.Str(safety, "verdict");
                Strings(safety, "reasons", view.Reasons);
                Strings(safety, "notes", view.Notes);
            }
            return view;
        }

        static void Strings(Dictionary<string, object> o, string key, List<string> into)
        {
            object v;
            if (!o.TryGetValue(key, out v) || !(v is List<object>)) return;
            foreach (var item in (List<object>)v) into.Add(Convert.ToString(item, CultureInfo.InvariantCulture));
        }
    }
}
