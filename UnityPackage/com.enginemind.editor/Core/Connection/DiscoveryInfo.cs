using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using EngineMind.Core.Json;

namespace EngineMind.Core.Connection
{
    /// <summary>
    /// Contents of <c>&lt;data_dir&gt;/server.json</c>, written by <c>enginemind serve</c>: where the backend listens
    /// and where its token lives.
    /// </summary>
    public sealed class DiscoveryInfo
    {
        public const string k_FileName = "server.json";

        public string Host { get; private set; }
        public int Port { get; private set; }
        public int Pid { get; private set; }
        public string ApiVersion { get; private set; }
        public string ServerVersion { get; private set; }
        public string TokenFile { get; private set; }
        public string Database { get; private set; }

        /// <summary>http:// address for a gRPC channel (loopback h2c).</summary>
        public string Address
        {
            get { return EndpointSettings.FormatAddress(Host, Port); }
        }

        public static DiscoveryInfo Parse(string json, string dataDir)
        {
            Dictionary<string, object> obj;
            try
            {
                obj = MiniJson.ParseObject(json);
            }
            catch (FormatException e)
            {
                throw new FormatException(k_FileName + " is unreadable (" + e.Message +
                    "); restart the backend so it rewrites the file");
            }
            var info = new DiscoveryInfo();
            info.Host = GetString(obj, "host", "127.0.0.1");
            info.Port = GetInt(obj, "port", 0);
            info.Pid = GetInt(obj, "pid", 0);
            info.ApiVersion = GetString(obj, "api_version", "");
            info.ServerVersion = GetString(obj, "version", "");
            info.Database = GetString(obj, "database", "");
            var token = GetString(obj, "token_file", "");
            if (token.Length > 0 && !Path.IsPathRooted(token) && !string.IsNullOrEmpty(dataDir))
                token = Path.Combine(dataDir, token);
            info.TokenFile = token;
            if (info.Port <= 0 || info.Port > 65535)
                throw new FormatException(k_FileName + " has no valid port; restart the backend");
            return info;
        }

        /// <summary>Read <c>server.json</c> from a data dir; null when the file does not exist.</summary>
        public static DiscoveryInfo TryRead(string dataDir)
        {
            var path = Path.Combine(dataDir, k_FileName);
            if (!File.Exists(path))
                return null;
            return Parse(File.ReadAllText(path), dataDir);
        }

        static string GetString(Dictionary<string, object> obj, string key, string fallback)
        {
            object v;
            if (!obj.TryGetValue(key, out v) || v == null) return fallback;
            return Convert.ToString(v, CultureInfo.InvariantCulture);
        }

        static int GetInt(Dictionary<string, object> obj, string key, int fallback)
        {
            object v;
            if (!obj.TryGetValue(key, out v) || !(v is double)) return fallback;
            var d = (double)v;
            if (d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue) return fallback;
            return (int)d;
        }
    }
}
