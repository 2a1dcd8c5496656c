// Command-line helpers of the Mono test runner, used by tests/unity/test_backend_replay.py to run the package's
// Core code against a real backend: discovery, the job view model on real Watch events, alias rules.
using System;
using System.Collections.Generic;
using System.Globalization;
using EngineMind.Core.Connection;
using EngineMind.Core.Format;
using EngineMind.Core.Humanoid;
using EngineMind.Core.Jobs;
using EngineMind.Core.Json;
using EngineMind.Core.Models;
using EngineMind.Core.Robots;

public static class Tool
{
    public static int Run(string[] args)
    {
        switch (args[0])
        {
            case "--print-flow":
                Console.WriteLine(TestRunner.FlowJson());
                return 0;
            case "--resolve":
                return Resolve(args[1]);
            case "--apply-events":
                return ApplyEvents();
            case "--alias":
                Console.WriteLine(AliasRules.Validate(args[1]) ?? "ok");
                return 0;
            case "--apply-envelopes":
                return ApplyEnvelopes();
            case "--feed-streams":
                return FeedStreams();
            case "--plan":
                return Plan();
            case "--check-version":
                Console.WriteLine(ApiVersion.CheckCompatible(ApiVersion.k_Client, args[1]) ?? "ok");
                return 0;
            default:
                return ToolPlanner.Run(args);
        }
    }

    /// <summary>stdin: a MapSkeleton result_json for SampleRig; stdout: the Humanoid plan the Skeleton tab would show.</summary>
    static int Plan()
    {
        var result = MappingResult.Parse(Console.In.ReadToEnd());
        var plan = HumanoidMapper.Plan(SampleRig.Nodes(), result.Mapping, result.Confidence, null,
            HumanoidMapper.k_DefaultReviewThreshold);
        var human = new Dictionary<string, object>();
        foreach (var a in plan.Assignments) human[a.HumanName] = a.SourceBone;
        var review = new List<object>();
        foreach (var a in plan.ToReview()) review.Add(a.HumanName);
        Console.WriteLine(MiniJson.Serialize(new Dictionary<string, object>
        {
            { "target", result.Target }, { "target_problem", result.CheckTarget() }, { "valid", plan.IsValid },
            { "errors", plan.Errors }, { "warnings", plan.Warnings }, { "human", human }, { "review", review },
        }));
        return 0;
    }

    static PredictionStatus Severity(Dictionary<string, object> o, string key)
    {
        var s = Str(o, key);
        switch (s)
        {
            case "SEVERITY_WARN": return PredictionStatus.Warn;
            case "SEVERITY_ERROR": return PredictionStatus.Error;
            case "SEVERITY_STALE": return PredictionStatus.Stale;
            default: return PredictionStatus.Ok; // SEVERITY_OK is the default and omitted from JSON
        }
    }

    /// <summary>stdin: Envelopes as protobuf JSON, one per line; stdout: the Robots tab's rows.</summary>
    static int ApplyEnvelopes()
    {
        var model = new RobotStatusModel();
        var now = 1000.0;
        var heartbeats = 0;
        string line;
        while ((line = Console.In.ReadLine()) != null)
        {
            if (line.Trim().Length == 0) continue;
            var env = MiniJson.ParseObject(line);
            now += 0.01;
            model.OnEnvelope((long)Num(env, "dropped"), now);
            object v;
            if (env.TryGetValue("prediction", out v))
            {
                var p = (Dictionary<string, object>)v;
                model.Apply(new RobotPrediction
                {
                    RobotId = Str(p, "robot_id"), Kind = Str(p, "kind"), Label = Str(p, "label"), Score = Num(p, "score"),
                    Severity = Severity(p, "severity"), Time = Num(p, "ts"), Model = Str(p, "model"),
                    ModelVersion = (int)Num(p, "model_version"), Explanation = Str(p, "explanation"),
                }, now);
            }
            else if (env.TryGetValue("diagnostic", out v))
            {
                var d = (Dictionary<string, object>)v;
                model.Apply(new RobotDiagnostic
                {
                    RobotId = Str(d, "robot_id"), Name = Str(d, "name"), Level = Severity(d, "level"),
                    Message = Str(d, "message"), LastSeen = Num(d, "last_seen"),
                }, now);
            }
            else if (env.ContainsKey("heartbeat"))
            {
                heartbeats++;
            }
        }
        var rows = new List<object>();
        foreach (var row in model.Rows())
        {
            var kinds = new List<object>();
            foreach (var p in row.Predictions.Values) kinds.Add(RobotStatusModel.Describe(p));
            rows.Add(new Dictionary<string, object>
            {
                { "robot_id", row.RobotId }, { "status", RobotStatusModel.Label(row.Status) }, { "predictions", kinds },
            });
        }
        Console.WriteLine(MiniJson.Serialize(new Dictionary<string, object>
        {
            { "heartbeats", (double)heartbeats }, { "dropped", (double)model.Dropped }, { "rows", rows },
        }));
        return 0;
    }

    /// <summary>
    /// stdin: what the Robots tab's stream code sees, in arrival order, as JSON lines: {"event": "open" | "reset"},
    /// {"event": "message" | "ended", "stream": n, "code": "CANCELLED"?, "t": seconds}; stdout: the
    /// PredictionStream's state and which messages/ends it applied.
    /// </summary>
    static int FeedStreams()
    {
        var feed = new PredictionStream(new ReconnectPolicy(() => 0.0), RpcSequence.k_TelemetryHeartbeatSeconds);
        var applied = 0;
        var ignored = 0;
        var opened = new List<object>();
        using (var connection = new System.Threading.CancellationTokenSource())
        {
            string line;
            while ((line = Console.In.ReadLine()) != null)
            {
                if (line.Trim().Length == 0) continue;
                var e = MiniJson.ParseObject(line);
                var t = Num(e, "t");
                var stream = (int)Num(e, "stream");
                switch (Str(e, "event"))
                {
                    case "open":
                        System.Threading.CancellationToken token;
                        opened.Add((double)feed.Tick(t, connection.Token, out token));
                        break;
                    case "reset":
                        feed.Reset();
                        break;
                    case "message":
                        if (feed.OnMessage(stream, t)) applied++; else ignored++;
                        break;
                    case "ended":
                        var code = Str(e, "code") == "CANCELLED" ? RpcCode.Cancelled : RpcCode.OK;
                        if (feed.OnEnded(stream, code, Str(e, "code"), t)) applied++; else ignored++;
                        break;
                }
            }
        }
        Console.WriteLine(MiniJson.Serialize(new Dictionary<string, object>
        {
            { "current", (double)feed.Current }, { "active", feed.Active }, { "streaming", feed.Streaming },
            { "opened", opened }, { "applied", (double)applied }, { "ignored", (double)ignored },
        }));
        return 0;
    }

    static int Resolve(string dataDir)
    {
        var r = new EndpointSettings { DataDir = dataDir, UseDiscovery = true }.Resolve();
        Console.WriteLine(MiniJson.Serialize(new Dictionary<string, object>
        {
            { "address", r.Address }, { "authorization", r.AuthorizationHeader }, { "pid", (double)r.Discovery.Pid },
            { "api_version", r.Discovery.ApiVersion },
        }));
        return 0;
    }

    static double Num(Dictionary<string, object> o, string key)
    {
        object v;
        if (!o.TryGetValue(key, out v) || v == null) return 0;
        if (v is double) return (double)v;
        return double.Parse(Convert.ToString(v, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    static string Str(Dictionary<string, object> o, string key)
    {
        object v;
        return o.TryGetValue(key, out v) && v != null ? Convert.ToString(v, CultureInfo.InvariantCulture) : "";
    }

    static JobStatus State(Dictionary<string, object> o)
    {
        var s = Str(o, "state");
        return string.IsNullOrEmpty(s) ? JobStatus.Unspecified :
            (JobStatus)Enum.Parse(typeof(JobStatus), s.Replace("JOB_STATE_", "").Replace("_", ""), true);
    }

    /// <summary>A JobEvent as protobuf's JSON (MessageToDict, proto field names) -> the Core event.</summary>
    internal static JobEventData ToEvent(Dictionary<string, object> e)
    {
        var d = new JobEventData { JobId = Str(e, "job_id"), Seq = (long)Num(e, "seq"), Time = Num(e, "time") };
        object v;
        if (e.TryGetValue("state", out v))
        {
            var p = (Dictionary<string, object>)v;
            d.Kind = JobEventKind.State;
            d.State = State(p);
            d.Message = Str(p, "message");
        }
        else if (e.TryGetValue("progress", out v))
        {
            var p = (Dictionary<string, object>)v;
            d.Kind = JobEventKind.Progress;
            d.Step = (long)Num(p, "step");
            d.Total = (long)Num(p, "total");
            d.EtaSeconds = p.ContainsKey("eta_s") ? Num(p, "eta_s") : 0;
            d.Message = Str(p, "message");
        }
        else if (e.TryGetValue("metric", out v))
        {
            var p = (Dictionary<string, object>)v;
            d.Kind = JobEventKind.Metric;
            d.MetricName = Str(p, "name");
            d.MetricValue = Num(p, "value");
            d.Step = (long)Num(p, "step");
        }
        else if (e.TryGetValue("log", out v))
        {
            var p = (Dictionary<string, object>)v;
            d.Kind = JobEventKind.Log;
            d.LogLevel = Str(p, "level");
            d.Message = Str(p, "message");
        }
        else if (e.TryGetValue("artifact", out v))
        {
            var p = (Dictionary<string, object>)v;
            d.Kind = JobEventKind.Artifact;
            d.ArtifactKind = Str(p, "kind");
            d.ArtifactPath = Str(p, "path");
            d.ArtifactModel = Str(p, "model");
            d.ArtifactVersion = (int)Num(p, "version");
        }
        return d;
    }

    /// <summary>stdin: one JSON event per line (several streams may repeat events); stdout: the job rows.</summary>
    static int ApplyEvents()
    {
        var model = new JobListModel();
        var applied = 0;
        var ignored = 0;
        string line;
        while ((line = Console.In.ReadLine()) != null)
        {
            if (line.Trim().Length == 0) continue;
            if (model.ApplyEvent(ToEvent(MiniJson.ParseObject(line)))) applied++;
            else ignored++;
        }
        var rows = new List<object>();
        foreach (var row in model.Rows)
        {
            var metrics = new Dictionary<string, object>();
            foreach (var name in row.MetricNames) metrics[name] = (double)row.Metric(name).Count;
            rows.Add(new Dictionary<string, object>
            {
                { "id", row.Id }, { "state", Formatting.State(row.State) }, { "step", (double)row.Step },
                { "total", (double)row.Total }, { "fraction", row.Fraction }, { "last_seq", (double)row.LastSeq },
                { "model", row.ModelName }, { "model_version", (double)row.ModelVersion }, { "metrics", metrics },
                { "progress_text", Formatting.JobProgress(row) }, { "error", row.Error }, { "log_lines", (double)row.Log.Count },
            });
        }
        Console.WriteLine(MiniJson.Serialize(new Dictionary<string, object>
        {
            { "applied", (double)applied }, { "ignored", (double)ignored }, { "rows", rows },
        }));
        return 0;
    }
}
