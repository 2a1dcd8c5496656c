using System;

namespace EngineMind.Core.Connection
{
    /// <summary>
    /// Every call the dashboard makes has a deadline (gRPC has none by default). Streams get a long one and are
    /// re-opened with after_seq when it expires, so nothing waits forever.
    /// </summary>
    public static class Deadlines
    {
        public static readonly TimeSpan k_Handshake = TimeSpan.FromSeconds(5);
        public static readonly TimeSpan k_Health = TimeSpan.FromSeconds(3);
        public static readonly TimeSpan k_Query = TimeSpan.FromSeconds(10);
        public static readonly TimeSpan k_Submit = TimeSpan.FromSeconds(30);
        public static readonly TimeSpan k_MapSkeleton = TimeSpan.FromSeconds(60);
        /// <summary>One job artifact (at most 16 MiB for a preview) over loopback.</summary>
        public static readonly TimeSpan k_Download = TimeSpan.FromSeconds(60);
        /// <summary>PlanMission: the LM planner on a CPU takes seconds (p50 under 2 s in docs/benchmarks.md).</summary>
        public static readonly TimeSpan k_Plan = TimeSpan.FromSeconds(60);
        /// <summary>A Watch stream is re-opened (resuming after the last seq) when this expires.</summary>
        public static readonly TimeSpan k_Stream = TimeSpan.FromMinutes(30);

        /// <summary>Deadline in UTC, as grpc-dotnet requires.</summary>
        public static DateTime From(DateTime utcNow, TimeSpan budget)
        {
            if (utcNow.Kind != DateTimeKind.Utc)
                throw new ArgumentException("deadlines must be computed from DateTime.UtcNow");
            return utcNow + budget;
        }
    }
}
