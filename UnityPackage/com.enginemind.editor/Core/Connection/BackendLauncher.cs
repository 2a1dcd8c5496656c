using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace EngineMind.Core.Connection
{
    /// <summary>
    /// Starts and stops a local backend (<c>enginemind serve --data-dir D</c>) with System.Diagnostics.Process and
    /// waits, bounded, for its discovery file. Every wait checks that the process is still alive and explains itself.
    /// </summary>
    public sealed class BackendLauncher : IDisposable
    {
        public const int k_OutputLines = 60;

        readonly Queue<string> m_Output = new Queue<string>();
        readonly object m_Lock = new object();
        Process m_Process;

        /// <summary>The enginemind executable (venv bin/enginemind, or a full path on Windows).</summary>
        public string Executable = "enginemind";
        /// <summary>Extra arguments after serve --data-dir D.</summary>
        public string ExtraArguments = "";

        public Process Process { get { return m_Process; } }

        public bool IsRunning
        {
            get { return m_Process != null && !HasExited(m_Process); }
        }

        /// <summary>The last lines the backend printed (stdout and stderr), for the Backend tab and errors.</summary>
        public string RecentOutput
        {
            get
            {
                lock (m_Lock)
                    return string.Join("\n", m_Output.ToArray());
            }
        }

        public static string Quote(string arg)
        {
            if (arg.Length > 0 && arg.IndexOfAny(new[] { ' ', '\t', '"', '\'' }) < 0) return arg;
            return "\"" + arg.Replace("\"", "\\\"") + "\"";
        }

        public ProcessStartInfo BuildStartInfo(string dataDir)
        {
            var args = "serve --data-dir " + Quote(dataDir);
            if (!string.IsNullOrEmpty(ExtraArguments)) args += " " + ExtraArguments;
            var info = new ProcessStartInfo(Executable, args)
            {
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = dataDir,
            };
            return info;
        }

        /// <summary>Start the backend; throws with a hint when the executable cannot be run.</summary>
        public void Start(string dataDir)
        {
            if (IsRunning) throw new InvalidOperationException("this editor already started a backend (pid " + m_Process.Id + ")");
            Directory.CreateDirectory(dataDir);
            var stale = Path.Combine(dataDir, DiscoveryInfo.k_FileName);
            var existing = DiscoveryInfo.TryRead(dataDir);
            if (existing != null && IsAlive(existing.Pid))
                throw new InvalidOperationException("a backend is already running for " + dataDir + " (pid " + existing.Pid +
                    "): connect to it instead");
            if (existing != null) File.Delete(stale); // left behind by a crashed server
            lock (m_Lock) m_Output.Clear();
            var p = new Process { StartInfo = BuildStartInfo(dataDir), EnableRaisingEvents = true };
            p.OutputDataReceived += (s, e) => Remember(e.Data);
            p.ErrorDataReceived += (s, e) => Remember(e.Data);
            try
            {
                p.Start();
            }
            catch (Exception e)
            {
                throw new InvalidOperationException("could not run '" + Executable + "' (" + e.Message +
                    "): set the backend executable in the Backend tab (e.g. <venv>/bin/enginemind)");
            }
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            m_Process = p;
        }

        /// <summary>
        /// Wait until the discovery file names our process. Throws when the process exits first (with its output) or
        /// when <paramref name="timeout"/> passes (naming the likely causes).
        /// </summary>
        public DiscoveryInfo WaitForDiscovery(string dataDir, TimeSpan timeout, CancellationToken ct)
        {
            var watch = Stopwatch.StartNew();
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                DiscoveryInfo info = null;
                try
                {
                    info = DiscoveryInfo.TryRead(dataDir);
                }
                catch (FormatException)
                {
                    // being written right now; read again
                }
                catch (IOException)
                {
                }
                if (info != null && (m_Process == null || info.Pid == m_Process.Id))
                    return info;
                if (m_Process != null && HasExited(m_Process))
                {
                    m_Process.WaitForExit(); // flush the output readers
                    throw new InvalidOperationException("the backend exited with code " + m_Process.ExitCode +
                        " before it was ready. Its last output:\n" + RecentOutput);
                }
                if (watch.Elapsed > timeout)
                    throw new TimeoutException("the backend did not write " + DiscoveryInfo.k_FileName + " within " +
                        timeout.TotalSeconds + " s. It may still be starting its database (first start takes longer), " +
                        "or it is stuck; see its output:\n" + RecentOutput);
                Thread.Sleep(100);
            }
        }

        /// <summary>Ask the process to stop (SIGTERM where there is one), then kill it after <paramref name="grace"/>.</summary>
        public static bool Stop(int pid, TimeSpan grace)
        {
            Process p;
            try
            {
                p = Process.GetProcessById(pid);
            }
            catch (ArgumentException)
            {
                return false; // not running
            }
            using (p)
            {
                if (Environment.OSVersion.Platform == PlatformID.Unix || Environment.OSVersion.Platform == PlatformID.MacOSX)
                {
                    using (var kill = Process.Start(new ProcessStartInfo("kill", "-TERM " + pid) { UseShellExecute = false }))
                        kill.WaitForExit(5000);
                    if (p.WaitForExit((int)grace.TotalMilliseconds)) return true;
                }
                try
                {
                    p.Kill();
                }
                catch (InvalidOperationException)
                {
                    return true; // exited meanwhile
                }
                p.WaitForExit(5000);
                return true;
            }
        }

        public static bool IsAlive(int pid)
        {
            if (pid <= 0) return false;
            try
            {
                using (var p = Process.GetProcessById(pid))
                    return !p.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        public void Dispose()
        {
            if (m_Process != null)
            {
                m_Process.Dispose();
                m_Process = null;
            }
        }

        static bool HasExited(Process p)
        {
            try
            {
                return p.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }

        void Remember(string line)
        {
            if (line == null) return;
            lock (m_Lock)
            {
                m_Output.Enqueue(line);
                while (m_Output.Count > k_OutputLines) m_Output.Dequeue();
            }
        }
    }
}
