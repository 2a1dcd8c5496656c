using System.Collections.Generic;
using EngineMind.Core.Connection;
using UnityEditor;
using UnityEditor.UIElements;
using UnityEngine;
using UnityEngine.UIElements;

namespace EngineMind.Editor.Window
{
    /// <summary>A page of the dashboard: built once, refreshed every tick (cheaply: each page checks versions).</summary>
    internal interface IDashboardTab
    {
        string Title { get; }
        VisualElement Root { get; }
        void Refresh(double now);
    }

    /// <summary>Window -> EngineMind -> Dashboard: tabs Backend, Jobs, Models, Robots, Planner, Skeleton.</summary>
    internal sealed class DashboardWindow : EditorWindow
    {
        const string k_StylePath = "Packages/com.enginemind.editor/Editor/Window/Dashboard.uss";
        const string k_PrefTab = "EngineMind.Dashboard.Tab";

        readonly List<IDashboardTab> m_Tabs = new List<IDashboardTab>();
        readonly List<Button> m_TabButtons = new List<Button>();
        DashboardController m_Controller;
        Label m_Status;
        Label m_Notice;
        int m_NoticeVersion = -1;
        int m_Active;

        [MenuItem("Window/EngineMind/Dashboard")]
        static void Open()
        {
            var window = GetWindow<DashboardWindow>("EngineMind");
            window.minSize = new Vector2(520, 360);
        }

        void OnEnable()
        {
            m_Controller = new DashboardController(Settings.Load());
            if (Settings.AutoConnect) m_Controller.Connect(); // after a domain reload: pick the connection up again
            EditorApplication.update += Tick;
            AssemblyReloadEvents.beforeAssemblyReload += Shutdown;
        }

        void OnDisable()
        {
            Shutdown();
        }

        /// <summary>Close channels and streams before a domain reload or when the window closes.</summary>
        void Shutdown()
        {
            EditorApplication.update -= Tick;
            AssemblyReloadEvents.beforeAssemblyReload -= Shutdown;
            if (m_Controller != null)
            {
                m_Controller.Dispose();
                m_Controller = null;
            }
        }

        void CreateGUI()
        {
            titleContent = new GUIContent("EngineMind");
            var root = rootVisualElement;
            var sheet = AssetDatabase.LoadAssetAtPath<StyleSheet>(k_StylePath);
            if (sheet != null) root.styleSheets.Add(sheet);
            root.AddToClassList("em-root");

            m_Tabs.Clear();
            m_Tabs.Add(new BackendTab(m_Controller));
            m_Tabs.Add(new JobsTab(m_Controller, ShowModels));
            m_Tabs.Add(new ModelsTab(m_Controller));
            var planner = new PlannerTab(m_Controller);
            m_Tabs.Add(new RobotsTab(m_Controller, id =>
            {
                planner.PickRobot(id);
                Select(m_Tabs.IndexOf(planner));
            }));
            m_Tabs.Add(planner);
            m_Tabs.Add(new SkeletonTab(m_Controller));

            var bar = new Toolbar();
            bar.AddToClassList("em-tabbar");
            m_TabButtons.Clear();
            for (var i = 0; i < m_Tabs.Count; i++)
            {
                var index = i;
                var button = new ToolbarButton(() => Select(index)) { text = m_Tabs[i].Title };
                m_TabButtons.Add(button);
                bar.Add(button);
            }
            root.Add(bar);
            m_Status = new Label("");
            m_Status.AddToClassList("em-status");
            root.Add(m_Status);
            m_Notice = new Label("");
            m_Notice.AddToClassList("em-notice");
            root.Add(m_Notice);
            var pages = new ScrollView();
            pages.AddToClassList("em-pages");
            foreach (var tab in m_Tabs)
            {
                tab.Root.AddToClassList("em-page");
                pages.Add(tab.Root);
            }
            root.Add(pages);
            Select(ParseTab(EditorPrefs.GetString(k_PrefTab, "0")));
        }

        static int ParseTab(string text)
        {
            int i;
            return int.TryParse(text, out i) ? i : 0;
        }

        void ShowModels()
        {
            Select(2);
        }

        void Select(int index)
        {
            if (index < 0 || index >= m_Tabs.Count) index = 0;
            m_Active = index;
            EditorPrefs.SetString(k_PrefTab, index.ToString());
            for (var i = 0; i < m_Tabs.Count; i++)
            {
                m_Tabs[i].Root.EnableInClassList("em-hidden", i != index);
                m_TabButtons[i].EnableInClassList("em-tab--active", i == index);
            }
        }

        void Tick()
        {
            if (m_Controller == null) return;
            var now = EditorApplication.timeSinceStartup;
            m_Controller.Tick(now);
            if (m_Status == null) return; // CreateGUI has not run yet
            var c = m_Controller.Connection;
            UiUtil.SetText(m_Status, c.StatusLine(now));
            m_Status.EnableInClassList("em-status--ok", c.State == ConnectionState.Connected);
            m_Status.EnableInClassList("em-status--warn", c.State == ConnectionState.Retrying || c.State == ConnectionState.Connecting);
            m_Status.EnableInClassList("em-status--error", c.State == ConnectionState.Failed);
            if (m_NoticeVersion != m_Controller.NoticeVersion)
            {
                m_NoticeVersion = m_Controller.NoticeVersion;
                UiUtil.SetText(m_Notice, m_Controller.Notice);
            }
            m_Tabs[m_Active].Refresh(now);
        }
    }
}
