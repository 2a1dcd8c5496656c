using System;
using System.Threading.Tasks;
using EngineMind.Core.Connection;
using UnityEditor;
using UnityEngine.UIElements;

namespace EngineMind.Editor.Window
{
    /// <summary>Connection settings, handshake result, server health, and start/stop of a local backend.</summary>
    internal sealed class BackendTab : IDashboardTab
    {
        static readonly TimeSpan k_StartTimeout = TimeSpan.FromSeconds(120);

        readonly DashboardController m_Owner;
        readonly Toggle m_UseDiscovery = new Toggle("Use discovery file (server.json)");
        readonly TextField m_DataDir = new TextField("Data dir");
        readonly TextField m_Host = new TextField("Host");
        readonly TextField m_Port = new TextField("Port");
        readonly TextField m_Token = new TextField("Token");
        readonly TextField m_Executable = new TextField("Backend executable");
        readonly Label m_Server = new Label("");
        readonly Label m_Output = new Label("");

        public BackendTab(DashboardController owner)
        {
            m_Owner = owner;
            Root = new VisualElement();
            var s = owner.Settings;
            m_UseDiscovery.value = s.UseDiscovery;
            m_DataDir.value = s.DataDir;
            m_Host.value = s.Host;
            m_Port.value = s.Port > 0 ? s.Port.ToString() : "";
            m_Token.isPasswordField = true;
            m_Executable.value = Settings.Executable;

            Root.Add(UiUtil.Section("Connection"));
            Root.Add(m_UseDiscovery);
            var dirRow = new VisualElement();
            dirRow.AddToClassList("em-row");
            m_DataDir.AddToClassList("em-grow");
            dirRow.Add(m_DataDir);
            dirRow.Add(new Button(Browse) { text = "Browse..." });
            Root.Add(dirRow);
            Root.Add(m_Host);
            Root.Add(m_Port);
            Root.Add(m_Token);
            var buttons = new VisualElement();
            buttons.AddToClassList("em-row");
            buttons.Add(new Button(Connect) { text = "Connect" });
            buttons.Add(new Button(Disconnect) { text = "Disconnect" });
            Root.Add(buttons);

            Root.Add(UiUtil.Section("Server"));
            m_Server.AddToClassList("em-mono");
            Root.Add(m_Server);

            Root.Add(UiUtil.Section("Local backend"));
            Root.Add(m_Executable);
            var processRow = new VisualElement();
            processRow.AddToClassList("em-row");
            processRow.Add(new Button(StartBackend) { text = "Start backend" });
            processRow.Add(new Button(StopBackend) { text = "Stop backend" });
            Root.Add(processRow);
            m_Output.AddToClassList("em-mono");
            m_Output.AddToClassList("em-muted");
            Root.Add(m_Output);
        }

        public string Title { get { return "Backend"; } }
        public VisualElement Root { get; private set; }


        void Browse()
        {
            var dir = EditorUtility.OpenFolderPanel("EngineMind data dir", m_DataDir.value, "");
            if (!string.IsNullOrEmpty(dir)) m_DataDir.value = dir;
        }

        void ApplySettings()
        {
            var s = m_Owner.Settings;
            s.UseDiscovery = m_UseDiscovery.value;
            s.DataDir = m_DataDir.value.Trim();
            s.Host = m_Host.value.Trim();
            int port;
            s.Port = int.TryParse(m_Port.value.Trim(), out port) ? port : 0;
            s.Token = m_Token.value;
            Settings.Save(s);
            Settings.Executable = m_Executable.value.Trim();
        }

        void Connect()
        {
            ApplySettings();
            Settings.AutoConnect = true;
            m_Owner.Connect();
        }

        void Disconnect()
        {
            Settings.AutoConnect = false;
            m_Owner.Disconnect();
        }

        void StartBackend()
        {
            ApplySettings();
            m_Owner.StartBackend(Settings.Executable, k_StartTimeout); // the controller handles the result on any tab
        }

        void StopBackend()
        {
            var info = DiscoveryInfo.TryRead(m_Owner.Settings.DataDir);
            if (info == null)
            {
                m_Owner.Notify("no backend is running for " + m_Owner.Settings.DataDir);
                return;
            }
            if (!EditorUtility.DisplayDialog("Stop EngineMind backend",
                    "Stop the backend (pid " + info.Pid + ")? Running jobs stop and resume from their checkpoints " +
                    "when it starts again.", "Stop", "Cancel"))
                return;
            m_Owner.Disconnect();
            var pid = info.Pid;
            Task.Run(() => BackendLauncher.Stop(pid, TimeSpan.FromSeconds(10)));
            m_Owner.Notify("stopping backend pid " + pid);
        }

        public void Refresh(double now)
        {
            m_DataDir.SetEnabled(m_UseDiscovery.value);
            m_Host.SetEnabled(!m_UseDiscovery.value);
            m_Port.SetEnabled(!m_UseDiscovery.value);
            m_Token.SetEnabled(!m_UseDiscovery.value);
            var hs = m_Owner.Handshake;
            UiUtil.SetText(m_Server, hs == null ? "no handshake yet" :
                "backend " + hs.ServerVersion + ", API " + hs.ServerApiVersion + " (this package: API " + ApiVersion.k_Client + ")\n" +
                "health: " + m_Owner.Health + "    database: " + hs.Database + "    transport: " + m_Owner.HandlerName + "\n" +
                "families: " + string.Join(", ", hs.Families) + "\n" +
                "capabilities: " + string.Join(", ", hs.Capabilities));
            UiUtil.SetText(m_Output, m_Owner.Launcher.RecentOutput);
        }
    }
}
