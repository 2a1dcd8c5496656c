using System;
using System.IO;
using EngineMind.Core.Connection;
using UnityEditor;

namespace EngineMind.Editor.Window
{
    /// <summary>Dashboard settings in EditorPrefs (per user). The token is never stored: it is read from the token file.</summary>
    internal static class Settings
    {
        const string k_DataDir = "EngineMind.DataDir";
        const string k_UseDiscovery = "EngineMind.UseDiscovery";
        const string k_Host = "EngineMind.Host";
        const string k_Port = "EngineMind.Port";
        const string k_Executable = "EngineMind.Executable";
        const string k_AutoConnect = "EngineMind.AutoConnect";

        /// <summary>Default data dir: <c>&lt;project&gt;/Library/EngineMind</c> (not under Assets, not in version control).</summary>
        public static string DefaultDataDir
        {
            get { return Path.Combine(Path.Combine(Directory.GetCurrentDirectory(), "Library"), "EngineMind"); }
        }

        public static EndpointSettings Load()
        {
            int port;
            int.TryParse(EditorPrefs.GetString(k_Port, "0"), out port);
            return new EndpointSettings
            {
                DataDir = EditorPrefs.GetString(k_DataDir, DefaultDataDir),
                UseDiscovery = EditorPrefs.GetBool(k_UseDiscovery, true),
                Host = EditorPrefs.GetString(k_Host, "127.0.0.1"),
                Port = port,
            };
        }

        public static void Save(EndpointSettings s)
        {
            EditorPrefs.SetString(k_DataDir, s.DataDir ?? "");
            EditorPrefs.SetBool(k_UseDiscovery, s.UseDiscovery);
            EditorPrefs.SetString(k_Host, s.Host ?? "");
            EditorPrefs.SetString(k_Port, s.Port.ToString());
        }

        /// <summary>Set by Connect, cleared by Disconnect: reconnect after a domain reload or editor restart.</summary>
        public static bool AutoConnect
        {
            get { return EditorPrefs.GetBool(k_AutoConnect, false); }
            set { EditorPrefs.SetBool(k_AutoConnect, value); }
        }

        public static string Executable
        {
            get { return EditorPrefs.GetString(k_Executable, "enginemind"); }
            set { EditorPrefs.SetString(k_Executable, value ?? "enginemind"); }
        }
    }
}
