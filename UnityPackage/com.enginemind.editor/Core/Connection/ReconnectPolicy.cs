using System;

namespace EngineMind.Core.Connection
{
    /// <summary>
    /// Exponential backoff with full jitter for reconnecting to the backend and re-opening streams.
    /// Delay for attempt n (0-based) is uniform in [base*2^n/2, base*2^n], capped at <see cref="MaxDelaySeconds"/>.
    /// </summary>
    public sealed class ReconnectPolicy
    {
        /// <summary>First retry delay in seconds.</summary>
        public double BaseDelaySeconds = 0.5;
        /// <summary>Upper bound of any delay in seconds.</summary>
        public double MaxDelaySeconds = 30.0;
        /// <summary>Give up after this many consecutive failures (0: never give up).</summary>
        public int MaxAttempts;

        readonly Func<double> m_Random;

        public ReconnectPolicy() : this(null) {}

        /// <param name="random01">Source of numbers in [0,1); tests pass a fixed one.</param>
        public ReconnectPolicy(Func<double> random01)
        {
            if (random01 == null)
            {
                var rng = new Random();
                random01 = rng.NextDouble;
            }
            m_Random = random01;
        }

        /// <summary>Seconds to wait before attempt <paramref name="failures"/> (failures so far, >= 1).</summary>
        public double NextDelay(int failures)
        {
            if (failures < 1) return 0.0;
            if (BaseDelaySeconds <= 0 || MaxDelaySeconds < BaseDelaySeconds)
                throw new InvalidOperationException("ReconnectPolicy needs 0 < BaseDelaySeconds <= MaxDelaySeconds");
            var exp = Math.Min(failures - 1, 30);
            var ceiling = Math.Min(MaxDelaySeconds, BaseDelaySeconds * Math.Pow(2.0, exp));
            var r = m_Random();
            if (r < 0) r = 0;
            if (r >= 1) r = 0.999999;
            return ceiling * (0.5 + 0.5 * r);
        }

        public bool ShouldGiveUp(int failures)
        {
            return MaxAttempts > 0 && failures >= MaxAttempts;
        }
    }
}
