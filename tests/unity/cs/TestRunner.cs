// Tiny test runner for the NUnit-style Core tests under Mono: runs every [Test] of every [TestFixture],
// prints one line per failure and a closing "N passed, N failed" line; exit code 1 on any failure.
// "--print-flow" prints the dashboard's RPC sequence (EngineMind.Core.Connection.RpcSequence) as JSON instead.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using EngineMind.Core.Connection;
using EngineMind.Core.Json;
using NUnit.Framework;

public static class TestRunner
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0].StartsWith("--", StringComparison.Ordinal))
            return Tool.Run(args);
        var filter = args.Length > 0 ? args[0] : null;
        int passed = 0, failed = 0, skipped = 0;
        var fixtures = Assembly.GetExecutingAssembly().GetTypes()
            .Where(t => t.GetCustomAttributes(typeof(TestFixtureAttribute), false).Length > 0)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var type in fixtures)
        {
            var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance);
            var setUp = methods.FirstOrDefault(m => m.GetCustomAttributes(typeof(SetUpAttribute), false).Length > 0);
            foreach (var m in methods.Where(m => m.GetCustomAttributes(typeof(TestAttribute), false).Length > 0)
                         .OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                var name = type.Name + "." + m.Name;
                if (filter != null && name.IndexOf(filter, StringComparison.Ordinal) < 0) continue;
                try
                {
                    var instance = Activator.CreateInstance(type);
                    if (setUp != null) setUp.Invoke(instance, null);
                    m.Invoke(instance, null);
                    passed++;
                    Console.WriteLine("PASS " + name);
                }
                catch (TargetInvocationException e) when (e.InnerException is IgnoreException)
                {
                    skipped++;
                    Console.WriteLine("SKIP " + name + ": " + e.InnerException.Message);
                }
                catch (TargetInvocationException e)
                {
                    failed++;
                    var inner = e.InnerException ?? e;
                    Console.WriteLine("FAIL " + name + ": " + inner.GetType().Name + ": " + inner.Message);
                    if (!(inner is AssertionException)) Console.WriteLine(inner.StackTrace);
                }
            }
        }
        Console.WriteLine(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        return failed == 0 && passed > 0 ? 0 : 1;
    }

    public static string FlowJson()
    {
        Func<IList<RpcStep>, List<object>> steps = list => list.Select(s => (object)new Dictionary<string, object>
        {
            { "method", s.Method },
            { "request", MiniJson.Parse(s.Request) },
            { "deadline_s", s.Deadline.TotalSeconds },
        }).ToList();
        var flow = new Dictionary<string, object>
        {
            { "client_api_version", ApiVersion.k_Client },
            { "connect", steps(RpcSequence.Connect("0.1.0")) },
            { "client_name", RpcSequence.k_ClientName },
            { "package_version", EngineMind.Core.PackageVersion.k_Value },
            { "submit_and_watch", steps(RpcSequence.SubmitAndWatch("$family", "{}")) },
            { "set_alias", steps(RpcSequence.SetAlias("$model", 0, "$alias")) },
            { "cancel", steps(RpcSequence.Cancel()) },
            { "watch_predictions", steps(RpcSequence.WatchPredictions()) },
            { "job_artifacts", steps(RpcSequence.JobArtifacts()) },
            { "planner", steps(RpcSequence.Planner("{}", "{}", "{}")) },
            { "map_skeleton", steps(RpcSequence.MapSkeleton(
                EngineMind.Core.Humanoid.SkeletonRequest.MapJson(SampleRig.Nodes(), EngineMind.Core.Humanoid.MappingResult.k_UnityTarget))) },
            { "submit_feedback", steps(RpcSequence.SubmitFeedback(EngineMind.Core.Humanoid.SkeletonRequest.FeedbackJson(
                SampleRig.Nodes(), EngineMind.Core.Humanoid.MappingResult.k_UnityTarget,
                new[] { new EngineMind.Core.Humanoid.MappingCorrection { SourceBone = "mixamorig:Spine2", Predicted = "UpperChest", Corrected = "Upper Chest" } },
                "unity-dashboard replay test"))) },
        };
        return MiniJson.Serialize(flow);
    }
}
