using EngineMind.Core.Connection;
using UnityEditor;
using UnityEngine;
using UnityEngine.UIElements;

namespace EngineMind.Setup
{
    /// <summary>
    /// Window > EngineMind > Setup: says which dependencies are missing and how to install them. This assembly
    /// references nothing but EngineMind.Core, so it compiles in any project; EngineMind.Editor (the dashboard)
    /// compiles only once the dependencies are installed (its defineConstraints), so a missing DLL never breaks the
    /// project's script compilation. Opens itself once per editor session while the dashboard is not compiled.
    /// </summary>
    [InitializeOnLoad]
    internal sealed class SetupWindow : EditorWindow
    {
        const string k_ShownKey = "EngineMind.Setup.Shown";
        const string k_DashboardType = "EngineMind.Editor.Window.DashboardWindow";

        static SetupWindow()
        {
            EditorApplication.update += OpenOnceIfNeeded;
        }

        static void OpenOnceIfNeeded()
        {
            EditorApplication.update -= OpenOnceIfNeeded;
            if (HandlerLocator.FindType(k_DashboardType) != null || SessionState.GetBool(k_ShownKey, false)) return;
            SessionState.SetBool(k_ShownKey, true);
            Open();
        }

        [MenuItem("Window/EngineMind/Setup")]
        static void Open()
        {
            var window = GetWindow<SetupWindow>("EngineMind setup");
            window.minSize = new Vector2(480, 320);
        }

        void CreateGUI()
        {
            var root = rootVisualElement;
            var missing = Dependencies.Missing(Dependencies.IsLoaded);
            var compiled = HandlerLocator.FindType(k_DashboardType) != null;
            root.Add(new HelpBox(Dependencies.Report(missing, compiled),
                missing.Count == 0 && compiled ? HelpBoxMessageType.Info : HelpBoxMessageType.Warning));
            if (missing.Count == 0) return;
            var snippet = new TextField("Packages/manifest.json") { multiline = true };
            snippet.value = Dependencies.ManifestSnippet();
            root.Add(snippet);
            root.Add(new Button(() => EditorGUIUtility.systemCopyBuffer = Dependencies.ManifestSnippet())
            {
                text = "Copy these lines",
            });
        }
    }
}
