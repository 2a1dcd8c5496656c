// More command-line helpers of the Mono test runner (tests/unity/test_backend_replay.py): the Jobs tab's artifact
// book on a real job's events and listing, and the Planner tab's requests built from real backend answers.
using System;
using System.Collections.Generic;
using System.Globalization;
using EngineMind.Core.Jobs;
using EngineMind.Core.Json;
using EngineMind.Core.Planner;

public static class ToolPlanner
{
    public static int Run(string[] args)
    {
        switch (args[0])
        {
            case "--artifact-book":
                return ArtifactBookRun();
            case "--planner-requests":
                return PlannerRequests();
            case "--plan-text":
                return PlanTextRun();
            default:
                Console.Error.WriteLine("unknown option " + args[0]);
                return 2;
        }
    }

    static object Get(Dictionary<string, object> o, string key)
    {
        object v;
        return o.TryGetValue(key, out v) ? v : null;
    }

    static string Str(Dictionary<string, object> o, string key)
    {
        var v = Get(o, key);
        return v == null ? "" : Convert.ToString(v, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// stdin: a job's Watch events as JSON lines, a line "---", then the ListArtifactsResponse as JSON; stdout: what the
    /// Jobs tab's ArtifactBook decides (list or not, which images to download, captions).
    /// </summary>
    static int ArtifactBookRun()
    {
        var jobs = new JobListModel();
        string line;
        while ((line = Console.In.ReadLine()) != null && line.Trim() != "---")
        {
            if (line.Trim().Length == 0) continue;
            jobs.ApplyEvent(Tool.ToEvent(MiniJson.ParseObject(line)));
        }
        var listing = MiniJson.ParseObject(Console.In.ReadToEnd());
        var row = jobs.Rows[0];
        var book = new ArtifactBook();
        book.Select(row.Id);
        var before = book.NeedsList(row);
        book.ListStarted(row);
        var entries = new List<ArtifactEntry>();
        foreach (Dictionary<string, object> a in (List<object>)(Get(listing, "artifacts") ?? new List<object>()))
        {
            entries.Add(new ArtifactEntry
            {
                Name = Str(a, "name"), Kind = Str(a, "kind"), Available = Get(a, "available") is bool && (bool)Get(a, "available"),
                Size = long.Parse(Str(a, "size") == "" ? "0" : Str(a, "size"), CultureInfo.InvariantCulture),
                Seq = long.Parse(Str(a, "seq") == "" ? "0" : Str(a, "seq"), CultureInfo.InvariantCulture),
            });
        }
        var fetch = new List<object>();
        foreach (var a in book.ApplyList(row.Id, entries, new List<string>())) fetch.Add(a.Name);
        var captions = new List<object>();
        foreach (var s in book.Shown) captions.Add(ArtifactBook.Caption(s));
        Console.WriteLine(MiniJson.Serialize(new Dictionary<string, object>
        {
            { "artifact_seq", (double)row.ArtifactSeq }, { "terminal", row.IsTerminal }, { "needs_list_before", before },
            { "needs_list_after", book.NeedsList(row) }, { "fetch", fetch }, { "captions", captions },
        }));
        return 0;
    }

    /// <summary>
    /// stdin: {"mission", "context", "planner", "robot", "result_json"?, "correction"?, "success"?, "note"?};
    /// stdout: the PlanMission request, and once result_json (the backend's answer) is given, the plan as the tab
    /// shows it, the correction editor's seed and the ValidatePlan / RecordExecution requests for "correction".
    /// </summary>
    static int PlannerRequests()
    {
        var input = MiniJson.ParseObject(Console.In.ReadToEnd());
        var session = new PlannerSession();
        var output = new Dictionary<string, object>();
        try
        {
            output["plan"] = MiniJson.Parse(session.BeginPlan(Str(input, "mission"), Str(input, "context"),
                Str(input, "planner"), Str(input, "robot")));
        }
        catch (FormatException e)
        {
            output["error"] = e.Message;
            Console.WriteLine(MiniJson.Serialize(output));
            return 0;
        }
        if (Str(input, "result_json").Length > 0)
        {
            var view = PlanView.FromResultJson(Str(input, "result_json"));
            session.OnPlanned(view);
            var steps = new List<object>();
            foreach (var s in view.Steps) steps.Add(PlanText.Line(s));
            output["view"] = new Dictionary<string, object>
            {
                { "headline", view.Headline() }, { "verdict", view.Verdict }, { "valid", view.Valid },
                { "runnable", view.Runnable }, { "steps", steps }, { "explanations", new List<object>(view.Explanations()) },
            };
            output["seed"] = session.CorrectionSeed();
            var correction = input.ContainsKey("correction") ? Str(input, "correction") : session.CorrectionSeed();
            try
            {
                output["validate"] = MiniJson.Parse(session.ValidateJson(correction));
                bool corrected;
                output["record"] = MiniJson.Parse(session.RecordJson(correction, Get(input, "success") is bool &&
                    (bool)Get(input, "success"), Str(input, "note"), out corrected));
                output["has_correction"] = corrected;
            }
            catch (FormatException e)
            {
                output["error"] = e.Message;
            }
        }
        Console.WriteLine(MiniJson.Serialize(output));
        return 0;
    }

    /// <summary>stdin: plan text; stdout: {"steps": [...protobuf JSON...]} or {"error": "..."}.</summary>
    static int PlanTextRun()
    {
        try
        {
            var steps = PlanText.Parse(Console.In.ReadToEnd());
            Console.WriteLine(MiniJson.Serialize(new Dictionary<string, object> { { "steps", PlanText.ToJson(steps) } }));
        }
        catch (FormatException e)
        {
            Console.WriteLine(MiniJson.Serialize(new Dictionary<string, object> { { "error", e.Message } }));
        }
        return 0;
    }
}
