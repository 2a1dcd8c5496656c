using System;
using EngineMind.Core.Connection;
using Grpc.Core;

namespace EngineMind.Editor.Transport
{
    /// <summary>Status code and message of a failed call, from whatever a faulted Task carries.</summary>
    internal static class RpcErrors
    {
        static RpcException Rpc(Exception e)
        {
            var agg = e as AggregateException;
            if (agg != null) e = agg.Flatten().InnerExceptions[0];
            return e as RpcException;
        }

        public static RpcCode CodeOf(Exception e)
        {
            var rpc = Rpc(e);
            if (rpc != null) return ProtoConvert.Code(rpc);
            var inner = e is AggregateException ? ((AggregateException)e).Flatten().InnerExceptions[0] : e;
            return inner is OperationCanceledException ? RpcCode.Cancelled : RpcCode.Unavailable;
        }

        public static string DetailOf(Exception e)
        {
            var rpc = Rpc(e);
            if (rpc != null)
                return string.IsNullOrEmpty(rpc.Status.Detail) ? rpc.StatusCode.ToString() : rpc.Status.Detail;
            var inner = e is AggregateException ? ((AggregateException)e).Flatten().InnerExceptions[0] : e;
            return inner.Message;
        }
    }
}
