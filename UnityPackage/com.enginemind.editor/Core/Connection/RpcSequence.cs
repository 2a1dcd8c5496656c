using System.Collections.Generic;

namespace EngineMind.Core.Connection
{
    /// <summary>One RPC the dashboard makes: full method path and the request fields it sets.</summary>
    public sealed class RpcStep
    {
        public RpcStep(string method, string request, System.TimeSpan deadline)
        {
            Method = method;
            Request = request;
            Deadline = deadline;
        }

        /// <summary>gRPC path, e.g. /enginemind.v1.Session/Handshake.</summary>
        public string Method { get; private set; }
        /// <summary>The request as JSON with proto field names (what the dashboard sends).</summary>
        public string Request { get; private set; }
        /// <summary>Deadline budget of the call (from <see cref="Deadlines"/>).</summary>
        public System.TimeSpan Deadline { get; private set; }
    }

    /// <summary>
    /// The exact RPCs the dashboard makes, in order. The editor code uses these paths and requests; the Python test
    /// tests/unity/test_backend_replay.py reads this list (via the Mono test runner) and replays it on a real backend.
    /// </summary>
    public static class RpcSequence
    {
        public const string k_ClientName = "unity-dashboard";

        public const string k_Handshake = "/enginemind.v1.Session/Handshake";
        public const string k_JobsSubmit = "/enginemind.v1.Jobs/Submit";
        public const string k_JobsGet = "/enginemind.v1.Jobs/Get";
        public const string k_JobsList = "/enginemind.v1.Jobs/List";
        public const string k_JobsCancel = "/enginemind.v1.Jobs/Cancel";
        public const string k_JobsWatch = "/enginemind.v1.Jobs/Watch";
        public const string k_JobsListArtifacts = "/enginemind.v1.Jobs/ListArtifacts";
        public const string k_JobsGetArtifact = "/enginemind.v1.Jobs/GetArtifact";
        /// <summary>Handshake capability of backends that have ListArtifacts/GetArtifact (API 2.1).</summary>
        public const string k_ArtifactsCapability = "job_artifacts";
        public const string k_PlannerPlan = "/enginemind.v1.Planner/PlanMission";
        public const string k_PlannerValidate = "/enginemind.v1.Planner/ValidatePlan";
        public const string k_PlannerRecord = "/enginemind.v1.Planner/RecordExecution";
        /// <summary>Handshake capability of backends with the Planner service.</summary>
        public const string k_PlannerCapability = "planner";
        public const string k_ModelsList = "/enginemind.v1.Models/List";
        public const string k_ModelsGet = "/enginemind.v1.Models/Get";
        public const string k_ModelsSetAlias = "/enginemind.v1.Models/SetAlias";
        public const string k_SkeletonMap = "/enginemind.v1.Skeleton/MapSkeleton";
        public const string k_SkeletonFeedback = "/enginemind.v1.Skeleton/SubmitMappingFeedback";
        public const string k_TelemetryWatchPredictions = "/enginemind.v1.Telemetry/WatchPredictions";
        /// <summary>Heartbeat period asked of WatchPredictions; silence for 5x this means the stream is dead.</summary>
        public const double k_TelemetryHeartbeatSeconds = 1.0;

        /// <summary>"/enginemind.v1.Jobs/List" -> "enginemind.v1.Jobs".</summary>
        public static string ServiceOf(string path)
        {
            var parts = Split(path);
            return parts[0];
        }

        /// <summary>"/enginemind.v1.Jobs/List" -> "List".</summary>
        public static string NameOf(string path)
        {
            var parts = Split(path);
            return parts[1];
        }

        static string[] Split(string path)
        {
            var parts = (path ?? "").Split('/');
            if (parts.Length != 3 || parts[0].Length != 0 || parts[1].Length == 0 || parts[2].Length == 0)
                throw new System.ArgumentException("not a gRPC method path: '" + path + "'");
            return new[] { parts[1], parts[2] };
        }

        /// <summary>Page size of the Jobs tab's list call.</summary>
        public const int k_JobsPageSize = 50;

        /// <summary>Request of the handshake, built the same way the editor builds it.</summary>
        public static string HandshakeRequestJson(string clientVersion)
        {
            return "{\"client_api_version\":\"" + ApiVersion.k_Client + "\",\"client_name\":\"" + k_ClientName +
                "\",\"client_version\":\"" + clientVersion + "\"}";
        }

        /// <summary>On connect: health, handshake, then the first fill of the Jobs and Models tabs.</summary>
        public static IList<RpcStep> Connect(string clientVersion)
        {
            return new List<RpcStep>
            {
                new RpcStep(HealthWire.k_CheckMethod, "{\"service\":\"\"}", Deadlines.k_Health),
                new RpcStep(k_Handshake, HandshakeRequestJson(clientVersion), Deadlines.k_Handshake),
                new RpcStep(k_JobsList, "{\"page_size\":" + k_JobsPageSize + "}", Deadlines.k_Query),
                new RpcStep(k_ModelsList, "{}", Deadlines.k_Query),
            };
        }

        /// <summary>After the user submits a job from the Jobs tab: Submit, then Watch from the start.</summary>
        public static IList<RpcStep> SubmitAndWatch(string family, string configJson)
        {
            return new List<RpcStep>
            {
                new RpcStep(k_JobsSubmit, "{\"family\":\"" + family + "\",\"config\":" + configJson + ",\"nproc\":0}",
                    Deadlines.k_Submit),
                new RpcStep(k_JobsWatch, "{\"id\":\"$job_id\",\"after_seq\":0}", Deadlines.k_Stream),
            };
        }

        /// <summary>Models tab: list after a job registered a model, then point an alias at a version.</summary>
        public static IList<RpcStep> SetAlias(string model, int version, string alias)
        {
            return new List<RpcStep>
            {
                new RpcStep(k_ModelsSetAlias, "{\"model\":\"" + model + "\",\"version\":" + version + ",\"alias\":\"" +
                    alias + "\"}", Deadlines.k_Query),
                new RpcStep(k_ModelsList, "{}", Deadlines.k_Query),
            };
        }

        /// <summary>Jobs tab's Cancel button; the open Watch stream then delivers the CANCELLED state.</summary>
        public static IList<RpcStep> Cancel()
        {
            return new List<RpcStep>
            {
                new RpcStep(k_JobsCancel, "{\"id\":\"$job_id\"}", Deadlines.k_Query),
            };
        }

        /// <summary>Skeleton tab: map the selected model with target unity_humanoid (request from SkeletonRequest).</summary>
        public static IList<RpcStep> MapSkeleton(string requestJson)
        {
            return new List<RpcStep> { new RpcStep(k_SkeletonMap, requestJson, Deadlines.k_MapSkeleton) };
        }

        /// <summary>Robots tab: one stream of every robot's predictions and diagnostics, opened after connecting.</summary>
        public static IList<RpcStep> WatchPredictions()
        {
            return new List<RpcStep>
            {
                new RpcStep(k_TelemetryWatchPredictions, "{\"heartbeat_s\":" +
                    k_TelemetryHeartbeatSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}",
                    Deadlines.k_Stream),
            };
        }

        /// <summary>
        /// Jobs tab, a job selected: list its artifacts (again on each new artifact event and when it ends), then
        /// download each new or rewritten image.
        /// </summary>
        public static IList<RpcStep> JobArtifacts()
        {
            return new List<RpcStep>
            {
                new RpcStep(k_JobsListArtifacts, "{\"job_id\":\"$job_id\"}", Deadlines.k_Query),
                new RpcStep(k_JobsGetArtifact, "{\"job_id\":\"$job_id\",\"name\":\"$name\"}", Deadlines.k_Download),
            };
        }

        /// <summary>Planner tab: Plan, then (after editing the steps) Check correction, then Send correction.</summary>
        public static IList<RpcStep> Planner(string planJson, string validateJson, string recordJson)
        {
            return new List<RpcStep>
            {
                new RpcStep(k_PlannerPlan, planJson, Deadlines.k_Plan),
                new RpcStep(k_PlannerValidate, validateJson, Deadlines.k_Query),
                new RpcStep(k_PlannerRecord, recordJson, Deadlines.k_Submit),
            };
        }

        /// <summary>After the avatar is built: the user's corrections go back to the backend.</summary>
        public static IList<RpcStep> SubmitFeedback(string requestJson)
        {
            return new List<RpcStep> { new RpcStep(k_SkeletonFeedback, requestJson, Deadlines.k_Submit) };
        }
    }
}
