using EngineMind.Core.Connection;
using EngineMind.V1;
using Google.Protobuf;
using Grpc.Core;

namespace EngineMind.Editor.Transport
{
    /// <summary>
    /// gRPC method descriptors, written by hand: neither PyPI nor Debian ship grpc_csharp_plugin, so there are no
    /// generated client stubs. Paths come from <see cref="RpcSequence"/>, the list the Python replay test uses.
    /// Messages are the protoc-generated classes in Editor/Generated.
    /// </summary>
    internal static class RpcMethods
    {
        static Marshaller<T> Proto<T>(MessageParser<T> parser) where T : class, IMessage<T>
        {
            return Marshallers.Create<T>(message => message.ToByteArray(), bytes => parser.ParseFrom(bytes));
        }

        static Method<TReq, TResp> Make<TReq, TResp>(MethodType type, string path, MessageParser<TReq> request,
            MessageParser<TResp> response) where TReq : class, IMessage<TReq> where TResp : class, IMessage<TResp>
        {
            return new Method<TReq, TResp>(type, RpcSequence.ServiceOf(path), RpcSequence.NameOf(path), Proto(request),
                Proto(response));
        }

        static readonly Marshaller<byte[]> k_Raw = Marshallers.Create<byte[]>(b => b, b => b);

        /// <summary>grpc.health.v1.Health/Check with the hand-written wire format of <see cref="HealthWire"/>.</summary>
        public static readonly Method<byte[], byte[]> HealthCheck = new Method<byte[], byte[]>(MethodType.Unary,
            RpcSequence.ServiceOf(HealthWire.k_CheckMethod), RpcSequence.NameOf(HealthWire.k_CheckMethod), k_Raw, k_Raw);

        public static readonly Method<HandshakeRequest, HandshakeResponse> Handshake =
            Make(MethodType.Unary, RpcSequence.k_Handshake, HandshakeRequest.Parser, HandshakeResponse.Parser);

        public static readonly Method<SubmitJobRequest, Job> JobsSubmit =
            Make(MethodType.Unary, RpcSequence.k_JobsSubmit, SubmitJobRequest.Parser, Job.Parser);

        public static readonly Method<GetJobRequest, Job> JobsGet =
            Make(MethodType.Unary, RpcSequence.k_JobsGet, GetJobRequest.Parser, Job.Parser);

        public static readonly Method<ListJobsRequest, ListJobsResponse> JobsList =
            Make(MethodType.Unary, RpcSequence.k_JobsList, ListJobsRequest.Parser, ListJobsResponse.Parser);

        public static readonly Method<CancelJobRequest, Job> JobsCancel =
            Make(MethodType.Unary, RpcSequence.k_JobsCancel, CancelJobRequest.Parser, Job.Parser);

        public static readonly Method<WatchJobRequest, JobEvent> JobsWatch =
            Make(MethodType.ServerStreaming, RpcSequence.k_JobsWatch, WatchJobRequest.Parser, JobEvent.Parser);

        public static readonly Method<ListArtifactsRequest, ListArtifactsResponse> JobsListArtifacts =
            Make(MethodType.Unary, RpcSequence.k_JobsListArtifacts, ListArtifactsRequest.Parser,
                ListArtifactsResponse.Parser);

        public static readonly Method<GetArtifactRequest, ArtifactChunk> JobsGetArtifact =
            Make(MethodType.ServerStreaming, RpcSequence.k_JobsGetArtifact, GetArtifactRequest.Parser,
                ArtifactChunk.Parser);

        public static readonly Method<PlanMissionRequest, PlanMissionResponse> PlannerPlan =
            Make(MethodType.Unary, RpcSequence.k_PlannerPlan, PlanMissionRequest.Parser, PlanMissionResponse.Parser);

        public static readonly Method<ValidatePlanRequest, ValidatePlanResponse> PlannerValidate =
            Make(MethodType.Unary, RpcSequence.k_PlannerValidate, ValidatePlanRequest.Parser, ValidatePlanResponse.Parser);

        public static readonly Method<RecordExecutionRequest, RecordExecutionResponse> PlannerRecord =
            Make(MethodType.Unary, RpcSequence.k_PlannerRecord, RecordExecutionRequest.Parser,
                RecordExecutionResponse.Parser);

        public static readonly Method<ListModelsRequest, ListModelsResponse> ModelsList =
            Make(MethodType.Unary, RpcSequence.k_ModelsList, ListModelsRequest.Parser, ListModelsResponse.Parser);

        public static readonly Method<GetModelRequest, ModelVersion> ModelsGet =
            Make(MethodType.Unary, RpcSequence.k_ModelsGet, GetModelRequest.Parser, ModelVersion.Parser);

        public static readonly Method<SetAliasRequest, ModelVersion> ModelsSetAlias =
            Make(MethodType.Unary, RpcSequence.k_ModelsSetAlias, SetAliasRequest.Parser, ModelVersion.Parser);

        public static readonly Method<WatchRequest, Envelope> TelemetryWatchPredictions =
            Make(MethodType.ServerStreaming, RpcSequence.k_TelemetryWatchPredictions, WatchRequest.Parser, Envelope.Parser);

        public static readonly Method<MapSkeletonRequest, MapSkeletonResponse> SkeletonMap =
            Make(MethodType.Unary, RpcSequence.k_SkeletonMap, MapSkeletonRequest.Parser, MapSkeletonResponse.Parser);

        public static readonly Method<SubmitMappingFeedbackRequest, SubmitMappingFeedbackResponse> SkeletonFeedback =
            Make(MethodType.Unary, RpcSequence.k_SkeletonFeedback, SubmitMappingFeedbackRequest.Parser,
                SubmitMappingFeedbackResponse.Parser);
    }
}
