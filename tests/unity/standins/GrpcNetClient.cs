// Compile-only stand-in for Grpc.Net.Client 2.x (the members the editor code uses). Not checked against an index.
using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace Grpc.Net.Client
{
    public sealed class GrpcChannelOptions
    {
        public HttpMessageHandler HttpHandler { get { throw null; } set { throw null; } }
        public bool DisposeHttpClient { get { throw null; } set { throw null; } }
        public int? MaxReceiveMessageSize { get { throw null; } set { throw null; } }
    }

    public sealed class GrpcChannel : Grpc.Core.ChannelBase, IDisposable
    {
        public static GrpcChannel ForAddress(string address, GrpcChannelOptions channelOptions) { throw null; }
        public override Grpc.Core.CallInvoker CreateCallInvoker() { throw null; }
        public Task ShutdownAsync() { throw null; }
        public void Dispose() { throw null; }
    }
}
