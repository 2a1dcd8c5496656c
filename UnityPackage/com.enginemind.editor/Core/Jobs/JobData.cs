namespace EngineMind.Core.Jobs
{
    /// <summary>Job states; same numbers as enginemind.v1.JobState.</summary>
    public enum JobStatus
    {
        Unspecified = 0,
        Queued = 1,
        Running = 2,
        Succeeded = 3,
        Failed = 4,
        Cancelled = 5,
    }

    public static class JobStatuses
    {
        public static bool IsTerminal(JobStatus s)
        {
            return s == JobStatus.Succeeded || s == JobStatus.Failed || s == JobStatus.Cancelled;
        }
    }

    /// <summary>A job as returned by Jobs.List/Get/Submit/Cancel (copied out of the proto message).</summary>
    public sealed class JobSnapshot
    {
        public string Id = "";
        public string Family = "";
        public JobStatus State;
        public long Step;
        public long Total;
        public string Error = "";
        public double CreatedAt;
        public double StartedAt;
        public double FinishedAt;
        public bool CancelRequested;
        public int Attempts;
        public string Worker = "";
    }

    public enum JobEventKind
    {
        None,
        State,
        Progress,
        Metric,
        Log,
        Artifact,
    }

    /// <summary>One event of a Jobs.Watch stream (copied out of enginemind.v1.JobEvent).</summary>
    public sealed class JobEventData
    {
        public string JobId = "";
        public long Seq;
        public double Time;
        public JobEventKind Kind;
        // State
        public JobStatus State;
        /// <summary>StateChange.message, Progress.message or LogLine.message.</summary>
        public string Message = "";
        // Progress
        public long Step;
        public long Total;
        public double EtaSeconds = -1;
        // Metric (Step is shared with progress)
        public string MetricName = "";
        public double MetricValue;
        // Log
        public string LogLevel = "";
        // Artifact
        public string ArtifactKind = "";
        public string ArtifactPath = "";
        public string ArtifactModel = "";
        public int ArtifactVersion;
    }
}
