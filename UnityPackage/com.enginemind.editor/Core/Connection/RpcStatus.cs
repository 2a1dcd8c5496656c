namespace EngineMind.Core.Connection
{
    /// <summary>gRPC status codes (same numbers as Grpc.Core.StatusCode), so the core needs no gRPC reference.</summary>
    public enum RpcCode
    {
        OK = 0,
        Cancelled = 1,
        Unknown = 2,
        InvalidArgument = 3,
        DeadlineExceeded = 4,
        NotFound = 5,
        AlreadyExists = 6,
        PermissionDenied = 7,
        ResourceExhausted = 8,
        FailedPrecondition = 9,
        Aborted = 10,
        OutOfRange = 11,
        Unimplemented = 12,
        Internal = 13,
        Unavailable = 14,
        DataLoss = 15,
        Unauthenticated = 16,
    }

    public static class RpcCodes
    {
        /// <summary>Worth retrying after a delay: the backend may be starting, restarting or busy.</summary>
        public static bool IsTransient(RpcCode code)
        {
            return code == RpcCode.Unavailable || code == RpcCode.DeadlineExceeded ||
                code == RpcCode.ResourceExhausted || code == RpcCode.Aborted || code == RpcCode.Unknown ||
                code == RpcCode.Internal;
        }

        /// <summary>A short hint for a person about what to do after a failed call.</summary>
        public static string Hint(RpcCode code)
        {
            switch (code)
            {
                case RpcCode.Unavailable:
                    return "backend not reachable: is it running? Start it from the Backend tab";
                case RpcCode.DeadlineExceeded:
                    return "the backend did not answer in time: it may be busy or stuck; see its log";
                case RpcCode.Unauthenticated:
                    return "token rejected: the backend was restarted with a new data dir or token; reconnect";
                case RpcCode.FailedPrecondition:
                    return "the backend refused the request in its current state";
                case RpcCode.Unimplemented:
                    return "this backend does not offer that service: upgrade the backend";
                case RpcCode.InvalidArgument:
                    return "the request was rejected: check the values you entered";
                case RpcCode.NotFound:
                    return "not found on the backend";
                default:
                    return code.ToString();
            }
        }
    }
}
