using System;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace EngineMind.Core.Threading
{
    /// <summary>
    /// Work posted from gRPC stream readers (thread-pool threads) and run on the main thread in
    /// EditorApplication.update, within a time budget so a burst of events cannot freeze the editor.
    /// </summary>
    public sealed class MainThreadQueue
    {
        readonly ConcurrentQueue<Action> m_Queue = new ConcurrentQueue<Action>();

        public int Pending { get { return m_Queue.Count; } }

        /// <summary>Called with any exception an action throws; the queue keeps going.</summary>
        public event Action<Exception> Error;

        public void Post(Action action)
        {
            if (action == null) throw new ArgumentNullException("action");
            m_Queue.Enqueue(action);
        }

        /// <summary>Run queued actions until empty or <paramref name="budgetMilliseconds"/> is used; returns how many ran.</summary>
        public int Drain(double budgetMilliseconds)
        {
            var watch = Stopwatch.StartNew();
            var ran = 0;
            Action action;
            while (m_Queue.TryDequeue(out action))
            {
                try
                {
                    action();
                }
                catch (Exception e)
                {
                    var handler = Error;
                    if (handler != null) handler(e);
                }
                ran++;
                if (watch.Elapsed.TotalMilliseconds >= budgetMilliseconds)
                    break;
            }
            return ran;
        }
    }
}
