using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using EngineMind.Core.Connection;
using EngineMind.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace EngineMind.Editor.Transport
{
    /// <summary>
    /// The dashboard's gRPC client: grpc-dotnet over an HTTP/2 handler (YetAnotherHttpHandler, h2c on loopback),
    /// the token as <c>authorization: Bearer</c> metadata, and a deadline on every call. Methods are thread-safe
    /// and meant to run off the main thread; results go back through the MainThreadQueue.
    /// </summary>
    internal sealed class EngineMindClient : IDisposable
    {
        const int k_MaxReceiveBytes = 64 * 1024 * 1024;

        readonly GrpcChannel m_Channel;
        readonly CallInvoker m_Invoker;
        readonly Metadata m_Headers;

        public EngineMindClient(ResolvedEndpoint endpoint)
        {
            string chosen;
            var handler = HandlerLocator.CreateFirstAvailable(HandlerLocator.k_Defaults, out chosen) as HttpMessageHandler;
            if (handler == null)
                throw new InvalidOperationException(HandlerLocator.k_InstallHint);
            HandlerName = chosen;
            Address = endpoint.Address;
            m_Channel = GrpcChannel.ForAddress(endpoint.Address, new GrpcChannelOptions
            {
                HttpHandler = handler,
                DisposeHttpClient = true,
                MaxReceiveMessageSize = k_MaxReceiveBytes,
            });
            m_Invoker = m_Channel.CreateCallInvoker();
            m_Headers = new Metadata { { "authorization", endpoint.AuthorizationHeader } };
        }

        public string Address { get; private set; }
        public string HandlerName { get; private set; }

        CallOptions Options(TimeSpan budget, CancellationToken ct)
        {
            return new CallOptions(m_Headers, Deadlines.From(DateTime.UtcNow, budget), ct);
        }

        async Task<TResp> Unary<TReq, TResp>(Method<TReq, TResp> method, TReq request, TimeSpan budget,
            CancellationToken ct) where TReq : class where TResp : class
        {
            using (var call = m_Invoker.AsyncUnaryCall(method, null, Options(budget, ct), request))
                return await call.ResponseAsync.ConfigureAwait(false);
        }

        public async Task<ServingStatus> CheckHealthAsync(CancellationToken ct)
        {
            var bytes = await Unary(RpcMethods.HealthCheck, HealthWire.EncodeCheckRequest(""), Deadlines.k_Health, ct)
                .ConfigureAwait(false);
            return HealthWire.DecodeCheckResponse(bytes);
        }

        public Task<HandshakeResponse> HandshakeAsync(string clientVersion, CancellationToken ct)
        {
            var request = new HandshakeRequest
            {
                ClientApiVersion = ApiVersion.k_Client,
                ClientName = RpcSequence.k_ClientName,
                ClientVersion = clientVersion,
            };
            return Unary(RpcMethods.Handshake, request, Deadlines.k_Handshake, ct);
        }

        public Task<ListJobsResponse> ListJobsAsync(CancellationToken ct)
        {
            return Unary(RpcMethods.JobsList, new ListJobsRequest { PageSize = RpcSequence.k_JobsPageSize },
                Deadlines.k_Query, ct);
        }

        public Task<Job> SubmitJobAsync(string family, IDictionary<string, object> config, int nproc, CancellationToken ct)
        {
            var request = new SubmitJobRequest { Family = family, Config = ProtoConvert.ToStruct(config), Nproc = nproc };
            return Unary(RpcMethods.JobsSubmit, request, Deadlines.k_Submit, ct);
        }

        public Task<Job> CancelJobAsync(string id, CancellationToken ct)
        {
            return Unary(RpcMethods.JobsCancel, new CancelJobRequest { Id = id }, Deadlines.k_Query, ct);
        }

        /// <summary>
        /// Read a job's events until the server ends the stream (the job finished) or the stream deadline passes.
        /// <paramref name="onEvent"/> runs on the reading thread: post to the main thread from it.
        /// </summary>
        public async Task WatchJobAsync(string id, long afterSeq, Action<JobEvent> onEvent, CancellationToken ct)
        {
            var request = new WatchJobRequest { Id = id, AfterSeq = afterSeq };
            using (var call = m_Invoker.AsyncServerStreamingCall(RpcMethods.JobsWatch, null,
                       Options(Deadlines.k_Stream, ct), request))
            {
                while (await call.ResponseStream.MoveNext(ct).ConfigureAwait(false))
                    onEvent(call.ResponseStream.Current);
            }
        }

        /// <summary>Every robot's predictions, diagnostics and heartbeats until the deadline; runs on the reading thread.</summary>
        public async Task WatchPredictionsAsync(Action<Envelope> onEnvelope, CancellationToken ct)
        {
            var request = new WatchRequest { HeartbeatS = RpcSequence.k_TelemetryHeartbeatSeconds };
            using (var call = m_Invoker.AsyncServerStreamingCall(RpcMethods.TelemetryWatchPredictions, null,
                       Options(Deadlines.k_Stream, ct), request))
            {
                while (await call.ResponseStream.MoveNext(ct).ConfigureAwait(false))
                    onEnvelope(call.ResponseStream.Current);
            }
        }

        public Task<ListArtifactsResponse> ListArtifactsAsync(string jobId, CancellationToken ct)
        {
            return Unary(RpcMethods.JobsListArtifacts, new ListArtifactsRequest { JobId = jobId }, Deadlines.k_Query, ct);
        }

        /// <summary>One job artifact's bytes (sha256 checked); refuses more than <paramref name="maxBytes"/>.</summary>
        public async Task<byte[]> GetArtifactAsync(string jobId, string name, long maxBytes, CancellationToken ct)
        {
            var request = new GetArtifactRequest { JobId = jobId, Name = name };
            var sha = "";
            using (var buffer = new System.IO.MemoryStream())
            using (var call = m_Invoker.AsyncServerStreamingCall(RpcMethods.JobsGetArtifact, null,
                       Options(Deadlines.k_Download, ct), request))
            {
                while (await call.ResponseStream.MoveNext(ct).ConfigureAwait(false))
                {
                    var chunk = call.ResponseStream.Current;
                    if (chunk.Sha256.Length > 0) sha = chunk.Sha256;
                    if (chunk.TotalSize > maxBytes || buffer.Length + chunk.Data.Length > maxBytes)
                        throw new InvalidOperationException(name + " is larger than " + maxBytes + " bytes");
                    var data = chunk.Data.ToByteArray();
                    buffer.Write(data, 0, data.Length);
                }
                var bytes = buffer.ToArray();
                if (sha.Length > 0 && EngineMind.Core.Jobs.ArtifactHash.Sha256Hex(bytes) != sha)
                    throw new InvalidOperationException(name + ": sha256 mismatch, the download was damaged");
                return bytes;
            }
        }

        public Task<PlanMissionResponse> PlanMissionAsync(string requestJson, CancellationToken ct)
        {
            var request = JsonParser.Default.Parse<PlanMissionRequest>(requestJson);
            return Unary(RpcMethods.PlannerPlan, request, Deadlines.k_Plan, ct);
        }

        public Task<ValidatePlanResponse> ValidatePlanAsync(string requestJson, CancellationToken ct)
        {
            var request = JsonParser.Default.Parse<ValidatePlanRequest>(requestJson);
            return Unary(RpcMethods.PlannerValidate, request, Deadlines.k_Query, ct);
        }

        public Task<RecordExecutionResponse> RecordExecutionAsync(string requestJson, CancellationToken ct)
        {
            var request = JsonParser.Default.Parse<RecordExecutionRequest>(requestJson);
            return Unary(RpcMethods.PlannerRecord, request, Deadlines.k_Submit, ct);
        }

        public Task<ListModelsResponse> ListModelsAsync(CancellationToken ct)
        {
            return Unary(RpcMethods.ModelsList, new ListModelsRequest(), Deadlines.k_Query, ct);
        }

        public Task<ModelVersion> SetAliasAsync(string model, int version, string alias, CancellationToken ct)
        {
            var request = new SetAliasRequest { Model = model, Version = version, Alias = alias };
            return Unary(RpcMethods.ModelsSetAlias, request, Deadlines.k_Query, ct);
        }

        /// <summary>MapSkeleton with a request built by Core's SkeletonRequest (protobuf JSON).</summary>
        public Task<MapSkeletonResponse> MapSkeletonAsync(string requestJson, CancellationToken ct)
        {
            var request = JsonParser.Default.Parse<MapSkeletonRequest>(requestJson);
            return Unary(RpcMethods.SkeletonMap, request, Deadlines.k_MapSkeleton, ct);
        }

        public Task<SubmitMappingFeedbackResponse> SubmitFeedbackAsync(string requestJson, CancellationToken ct)
        {
            var request = JsonParser.Default.Parse<SubmitMappingFeedbackRequest>(requestJson);
            return Unary(RpcMethods.SkeletonFeedback, request, Deadlines.k_Submit, ct);
        }

        public void Dispose()
        {
            m_Channel.Dispose();
        }
    }
}
