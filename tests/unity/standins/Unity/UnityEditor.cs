// Compile-only stand-ins for the UnityEditor types the package uses (see UnityEngine.cs for the rules).
using System;
using UnityEngine;
using UnityEngine.UIElements;

namespace UnityEditor
{
    public class EditorWindow : ScriptableObject
    {
        public static T GetWindow<T>(string title) where T : EditorWindow { throw null; }
        public GUIContent titleContent { get { throw null; } set { throw null; } }
        public VisualElement rootVisualElement { get { throw null; } }
        public Vector2 minSize { get { throw null; } set { throw null; } }
    }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public sealed class MenuItem : Attribute
    {
        public MenuItem(string itemName) { throw null; }
    }

    public sealed class EditorApplication
    {
        public delegate void CallbackFunction();
        public static CallbackFunction update;
        public static double timeSinceStartup { get { throw null; } }
    }

    public static class AssemblyReloadEvents
    {
        public delegate void AssemblyReloadCallback();
        public static event AssemblyReloadCallback beforeAssemblyReload;
    }

    [AttributeUsage(AttributeTargets.Class)]
    public class InitializeOnLoadAttribute : Attribute {}

    public class SessionState
    {
        public static bool GetBool(string key, bool defaultValue) { throw null; }
        public static void SetBool(string key, bool value) { throw null; }
    }

    public sealed class EditorGUIUtility
    {
        public static string systemCopyBuffer { get { throw null; } set { throw null; } }
    }

    public sealed class EditorPrefs
    {
        public static string GetString(string key, string defaultValue) { throw null; }
        public static void SetString(string key, string value) { throw null; }
        public static bool GetBool(string key, bool defaultValue) { throw null; }
        public static void SetBool(string key, bool value) { throw null; }
    }

    public static class Progress
    {
        public enum Status
        {
            Running,
            Succeeded,
            Failed,
            Canceled,
            Paused,
        }

        [Flags]
        public enum Options
        {
            None = 0,
            Sticky = 1,
            Indefinite = 2,
        }

        public static int Start(string name, string description = null, Options options = Options.None, int parentId = -1) { throw null; }
        public static void Report(int id, float progress, string description) { throw null; }
        public static void Finish(int id, Status status = Status.Succeeded) { throw null; }
        public static bool Exists(int id) { throw null; }
        public static int Remove(int id) { throw null; }
        public static void RegisterCancelCallback(int id, Func<bool> callback) { throw null; }
    }

    public class EditorUtility
    {
        public static bool DisplayDialog(string title, string message, string ok) { throw null; }
        public static bool DisplayDialog(string title, string message, string ok, string cancel) { throw null; }
        public static string OpenFolderPanel(string title, string folder, string defaultName) { throw null; }
        public static string SaveFilePanelInProject(string title, string defaultName, string extension, string message) { throw null; }
        public static string OpenFilePanel(string title, string directory, string extension) { throw null; }
        public static string SaveFilePanel(string title, string directory, string defaultName, string extension) { throw null; }
    }

    public class Selection
    {
        public static GameObject activeGameObject { get { throw null; } set { throw null; } }
        public static Action selectionChanged;
    }

    public sealed class AssetDatabase
    {
        public static T LoadAssetAtPath<T>(string assetPath) where T : UnityEngine.Object { throw null; }
        public static void CreateAsset(UnityEngine.Object asset, string path) { throw null; }
        public static void SaveAssets() { throw null; }
    }
}

namespace UnityEditor.UIElements
{
    public class Toolbar : VisualElement
    {
        public Toolbar() { throw null; }
    }

    public class ToolbarButton : Button
    {
        public ToolbarButton(Action clickEvent) : base(clickEvent) { throw null; }
    }
}
