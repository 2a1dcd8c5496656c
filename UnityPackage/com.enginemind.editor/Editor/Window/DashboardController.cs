using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EngineMind.Core;
using EngineMind.Core.Connection;
using EngineMind.Core.Jobs;
using EngineMind.Core.Models;
using EngineMind.Core.Robots;
using EngineMind.Core.Threading;
using EngineMind.Editor.Transport;
using EngineMind.V1;
using Grpc.Core;

namespace EngineMind.Editor.Window
{
    /// <summary>
    /// Everything the dashboard does, without UI: connection with reconnect, job list with Watch streams, models.
    /// All state changes happen on the main thread in <see cref="Tick"/>; network work runs on the thread pool and
    /// posts its results through a <see cref="MainThreadQueue"/>.
    /// </summary>
    internal sealed class DashboardController : IDisposable
    {
        const double k_DrainBudgetMs = 8.0;
        /// <summary>Jobs.List again this often, so jobs submitted elsewhere (CLI, other editors) show up.</summary>
        const double k_ListPollSeconds = 5.0;

        readonly MainThreadQueue m_Queue = new MainThreadQueue();
        readonly WatchBook m_Watches = new WatchBook(new ReconnectPolicy());
        readonly JobProgressReporter m_Progress;
        readonly TelemetryFeed m_Telemetry;
        EngineMindClient m_Client;
        CancellationTokenSource m_Cts = new CancellationTokenSource();
        readonly CancellationTokenSource m_Lifetime = new CancellationTokenSource();
        int m_Generation;
        double m_Now;
        double m_LastList;
        bool m_ListInFlight;

        public DashboardController(EndpointSettings settings)
        {
            Settings = settings;
            Connection = new ConnectionModel(new ReconnectPolicy { MaxDelaySeconds = 15 });
            Jobs = new JobListModel();
            Models = new List<ModelRow>();
            Robots = new RobotStatusModel();
            m_Telemetry = new TelemetryFeed(Robots, Post);
            Launcher = new BackendLauncher();
            m_Progress = new JobProgressReporter(this);
            m_Queue.Error += e => Notify("internal error: " + e.Message);
        }

        public EndpointSettings Settings { get; private set; }
        public ConnectionModel Connection { get; private set; }
        public JobListModel Jobs { get; private set; }
        public List<ModelRow> Models { get; private set; }
        /// <summary>Latest prediction per robot (Robots tab).</summary>
        public RobotStatusModel Robots { get; private set; }
        /// <summary>The WatchPredictions stream for the Robots tab.</summary>
        public TelemetryFeed Telemetry { get { return m_Telemetry; } }
        public int ModelsVersion { get; private set; }
        /// <summary>Grows when a connection closes: calls of the old one never report back (see <see cref="Call"/>).</summary>
        public int Generation { get { return m_Generation; } }
        public HandshakeResponse Handshake { get; private set; }
        public ServingStatus Health { get; private set; }
        public BackendLauncher Launcher { get; private set; }
        public string HandlerName { get { return m_Client != null ? m_Client.HandlerName : ""; } }
        /// <summary>The last message for the user (errors of actions such as submit or set alias).</summary>
        public string Notice { get; private set; }
        public int NoticeVersion { get; private set; }

        public void Notify(string message)
        {
            Notice = message;
            NoticeVersion++;
        }

        public void Connect()
        {
            CloseClient();
            ResolvedEndpoint endpoint;
            try
            {
                endpoint = Settings.Resolve();
            }
            catch (Exception e)
            {
                Connection.OnConfigError(e.Message);
                return;
            }
            Connection.BeginConnect(endpoint.Address);
            StartAttempt(endpoint);
        }

        public void Disconnect()
        {
            CloseClient();
            Connection.Disconnect();
        }

        /// <summary>Main-thread heartbeat from EditorApplication.update.</summary>
        public void Tick(double now)
        {
            m_Now = now;
            m_Queue.Drain(k_DrainBudgetMs);
            if (Connection.ShouldAttempt(now))
            {
                CloseClient();
                try
                {
                    StartAttempt(Settings.Resolve());
                }
                catch (Exception e)
                {
                    Connection.OnFailure(RpcCode.Unavailable, e.Message, now);
                }
            }
            if (Connection.IsConnected && m_Client != null)
            {
                foreach (var id in m_Watches.DueToStart(Jobs.Rows, now))
                    StartWatch(id);
                if (!m_ListInFlight && now - m_LastList >= k_ListPollSeconds)
                    PollJobs();
                m_Telemetry.Tick(now, m_Client, m_Generation, m_Cts.Token);
            }
            m_Progress.Update();
        }

        void StartAttempt(ResolvedEndpoint endpoint)
        {
            try
            {
                m_Client = new EngineMindClient(endpoint);
            }
            catch (InvalidOperationException e)
            {
                Connection.OnConfigError(e.Message);
                return;
            }
            var client = m_Client;
            var gen = m_Generation;
            var ct = m_Cts.Token;
            Task.Run(async () =>
            {
                // The order here is RpcSequence.Connect, which tests/unity/test_backend_replay.py replays.
                var health = await client.CheckHealthAsync(ct).ConfigureAwait(false);
                var hs = await client.HandshakeAsync(PackageVersion.k_Value, ct).ConfigureAwait(false);
                Post(gen, () => OnHandshake(client.Address, health, hs));
                var incompatible = ApiVersion.CheckCompatible(ApiVersion.k_Client, hs.ServerApiVersion) != null;
                if (incompatible) return;
                var jobs = await client.ListJobsAsync(ct).ConfigureAwait(false);
                Post(gen, () => ApplyJobs(jobs));
                var models = await client.ListModelsAsync(ct).ConfigureAwait(false);
                Post(gen, () => ApplyModels(models));
            }).ContinueWith(t => OnFault(gen, t), TaskContinuationOptions.OnlyOnFaulted);
        }

        void OnHandshake(string address, ServingStatus health, HandshakeResponse hs)
        {
            Health = health;
            Handshake = hs;
            var problem = ApiVersion.CheckCompatible(ApiVersion.k_Client, hs.ServerApiVersion);
            if (problem != null)
            {
                Connection.OnIncompatible(problem);
                return;
            }
            Connection.OnConnected(address, hs.ServerApiVersion, hs.ServerVersion);
        }

        void PollJobs()
        {
            m_ListInFlight = true;
            m_LastList = m_Now;
            // a failed poll is not fatal: the Watch streams and the reconnect logic report a dead backend
            Call((c, ct) => c.ListJobsAsync(ct), r =>
            {
                m_ListInFlight = false;
                ApplyJobs(r);
            }, e => m_ListInFlight = false);
        }

        void ApplyJobs(ListJobsResponse response)
        {
            m_LastList = m_Now;
            foreach (var job in response.Jobs)
                Jobs.ApplySnapshot(ProtoConvert.ToSnapshot(job));
        }

        void ApplyModels(ListModelsResponse response)
        {
            Models.Clear();
            foreach (var v in response.Versions)
                Models.Add(ProtoConvert.ToModelRow(v));
            ModelsVersion++;
        }

        void StartWatch(string id)
        {
            var row = Jobs.Find(id);
            if (row == null) return;
            m_Watches.Started(id);
            var client = m_Client;
            var gen = m_Generation;
            var ct = m_Cts.Token;
            var afterSeq = row.LastSeq;
            Task.Run(() => client.WatchJobAsync(id, afterSeq, ev =>
            {
                var data = ProtoConvert.ToEvent(ev);
                Post(gen, () =>
                {
                    Jobs.ApplyEvent(data);
                    m_Watches.Healthy(id);
                    if (data.Kind == JobEventKind.Artifact && data.ArtifactKind == "model")
                        RefreshModels(); // the job registered a model: show it in the Models tab
                });
            }, ct)).ContinueWith(t =>
            {
                if (!t.IsFaulted)
                {
                    Post(gen, () => m_Watches.Completed(id));
                    return;
                }
                var code = RpcErrors.CodeOf(t.Exception);
                var detail = RpcErrors.DetailOf(t.Exception);
                Post(gen, () =>
                {
                    m_Watches.Failed(id, code, m_Now);
                    if (code == RpcCode.Unavailable || code == RpcCode.Unauthenticated)
                        Connection.OnFailure(code, "job stream broke: " + detail, m_Now);
                });
            });
        }

        public void SubmitJob(string family, string configText, int nproc)
        {
            if (!RequireClient()) return;
            IDictionary<string, object> config;
            try
            {
                config = JobConfigParser.Parse(configText);
            }
            catch (FormatException e)
            {
                Notify("config: " + e.Message);
                return;
            }
            Call((c, ct) => c.SubmitJobAsync(family, config, nproc, ct), job =>
            {
                Jobs.ApplySnapshot(ProtoConvert.ToSnapshot(job));
                Notify("submitted job " + job.Id + " (" + job.Family + ")");
            }, e => Notify("submit failed: " + RpcErrors.DetailOf(e)));
        }

        public void CancelJob(string id)
        {
            if (!RequireClient()) return;
            Call((c, ct) => c.CancelJobAsync(id, ct), job => Jobs.ApplySnapshot(ProtoConvert.ToSnapshot(job)),
                e => Notify("cancel failed: " + RpcErrors.DetailOf(e)));
        }

        public void RefreshModels()
        {
            if (!RequireClient()) return;
            Call((c, ct) => c.ListModelsAsync(ct), ApplyModels, e => Notify("model list failed: " + RpcErrors.DetailOf(e)));
        }

        public void SetAlias(string model, int version, string alias)
        {
            var problem = AliasRules.Validate(alias);
            if (problem != null)
            {
                Notify(problem);
                return;
            }
            if (!RequireClient()) return;
            Call((c, ct) => c.SetAliasAsync(model, version, alias, ct), v =>
            {
                Notify("'" + alias + "' now points to " + model + " v" + version);
                RefreshModels();
            }, e => Notify("set alias failed: " + RpcErrors.DetailOf(e)));
        }

        /// <summary>MapSkeleton; <paramref name="done"/> runs on the main thread with the response.</summary>
        public void MapSkeleton(string requestJson, Action<MapSkeletonResponse> done)
        {
            if (!RequireClient()) return;
            Notify("mapping the skeleton on the backend ...");
            Call((c, ct) => c.MapSkeletonAsync(requestJson, ct), done, e => Notify("mapping failed: " + RpcErrors.DetailOf(e)));
        }

        public void SubmitMappingFeedback(string requestJson)
        {
            if (!RequireClient()) return;
            Call((c, ct) => c.SubmitFeedbackAsync(requestJson, ct),
                r => Notify("sent " + r.Corrections + " correction(s) as feedback"),
                e => Notify("feedback not sent: " + RpcErrors.DetailOf(e)));
        }

        /// <summary>
        /// Run <paramref name="call"/> on the thread pool with the current client and its cancellation token; its result
        /// goes to <paramref name="done"/>, a failure to <paramref name="failed"/>, both on the main thread and only while
        /// the connection that made the call is still the current one. A call cancelled by a disconnect reports nothing.
        /// </summary>
        public void Call<T>(Func<EngineMindClient, CancellationToken, Task<T>> call, Action<T> done, Action<Exception> failed)
        {
            var client = m_Client;
            var gen = m_Generation;
            var ct = m_Cts.Token; // read on the main thread: CloseClient replaces the source
            Task.Run(() => call(client, ct)).ContinueWith(t =>
            {
                if (t.IsCanceled) return;
                if (t.IsFaulted) Post(gen, () => failed(t.Exception));
                else Post(gen, () => done(t.Result));
            });
        }

        public bool RequireClient()
        {
            if (m_Client != null && Connection.IsConnected) return true;
            Notify("not connected: connect in the Backend tab first");
            return false;
        }

        void OnFault(int gen, Task t)
        {
            var code = RpcErrors.CodeOf(t.Exception);
            var detail = RpcErrors.DetailOf(t.Exception);
            Post(gen, () => Connection.OnFailure(code, detail, m_Now));
        }

        /// <summary>Run on the main thread, unless the connection it belongs to was closed meanwhile.</summary>
        void Post(int gen, Action action)
        {
            m_Queue.Post(() => { if (gen == m_Generation) action(); });
        }

        void CloseClient()
        {
            m_Generation++; // late results of the old connection are dropped by Post
            m_ListInFlight = false;
            m_Telemetry.Reset(); // the prediction stream belongs to the connection
            m_Cts.Cancel();
            m_Cts.Dispose();
            m_Cts = new CancellationTokenSource();
            m_Watches.Clear();
            if (m_Client != null)
            {
                m_Client.Dispose();
                m_Client = null;
            }
        }

        /// <summary>
        /// Start <c>enginemind serve</c> in the settings' data dir and wait (off the main thread, bounded) until its
        /// server.json names the new process, then connect. The result is handled here, whichever tab is showing.
        /// </summary>
        public void StartBackend(string executable, TimeSpan timeout)
        {
            var dataDir = Settings.DataDir;
            var launcher = Launcher;
            launcher.Executable = executable;
            try
            {
                launcher.Start(dataDir);
            }
            catch (Exception e)
            {
                Notify(e.Message);
                return;
            }
            Notify("starting the backend in " + dataDir + " ...");
            var lifetime = m_Lifetime.Token;
            Task.Run(() => launcher.WaitForDiscovery(dataDir, timeout, lifetime)).ContinueWith(t => m_Queue.Post(() =>
            {
                if (t.IsCanceled || lifetime.IsCancellationRequested) return;
                if (t.IsFaulted)
                {
                    Notify(RpcErrors.DetailOf(t.Exception));
                    return;
                }
                Notify("backend started (pid " + t.Result.Pid + ")");
                Connect();
            }));
        }

        /// <summary>
        /// The window closes or the domain reloads. Jobs keep running in the backend, so their Background Tasks entries
        /// are removed rather than finished as "Canceled"; the next dashboard adds them again when it reconnects.
        /// </summary>
        public void Dispose()
        {
            m_Lifetime.Cancel();
            CloseClient();
            m_Progress.RemoveAll();
            Launcher.Dispose();
        }
    }
}
