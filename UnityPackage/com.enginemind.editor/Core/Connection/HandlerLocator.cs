using System;
using System.Collections.Generic;
using System.Reflection;

namespace EngineMind.Core.Connection
{
    /// <summary>
    /// Finds an HTTP/2-capable HttpMessageHandler by type name among the loaded assemblies and creates it, so the
    /// package compiles without a hard reference to a particular handler package: Cysharp's YetAnotherHttpHandler
    /// (Unity 2022.3 / 6.0-6.4) first, then Unity's own UnityHttpMessageHandler (6000.5+, unverified).
    /// </summary>
    public static class HandlerLocator
    {
        public sealed class Candidate
        {
            public Candidate(string typeName, IDictionary<string, object> properties)
            {
                TypeName = typeName;
                Properties = properties ?? new Dictionary<string, object>();
            }

            public string TypeName { get; private set; }
            /// <summary>Properties set after construction, e.g. Http2Only = true for h2c.</summary>
            public IDictionary<string, object> Properties { get; private set; }
        }

        public static readonly Candidate[] k_Defaults =
        {
            new Candidate("Cysharp.Net.Http.YetAnotherHttpHandler", new Dictionary<string, object> { { "Http2Only", true } }),
            new Candidate("UnityEngine.Networking.UnityHttpMessageHandler", null),
        };

        public const string k_InstallHint =
            "no HTTP/2 handler found: install Cysharp YetAnotherHttpHandler (see the package documentation, section Install)";

        /// <summary>Create the first candidate whose type is loaded; null when none is.</summary>
        public static object CreateFirstAvailable(IEnumerable<Candidate> candidates, out string chosen)
        {
            chosen = null;
            foreach (var c in candidates)
            {
                var type = FindType(c.TypeName);
                if (type == null) continue;
                var instance = Activator.CreateInstance(type);
                foreach (var kv in c.Properties)
                {
                    var prop = type.GetProperty(kv.Key, BindingFlags.Public | BindingFlags.Instance);
                    if (prop == null || !prop.CanWrite)
                        throw new InvalidOperationException(c.TypeName + " has no settable property " + kv.Key +
                            ": this handler version is not supported");
                    prop.SetValue(instance, kv.Value, null);
                }
                chosen = c.TypeName;
                return instance;
            }
            return null;
        }

        public static Type FindType(string fullName)
        {
            foreach (var asm in AppDomain.CurrentDomain.GetAssemblies())
            {
                Type t;
                try
                {
                    t = asm.GetType(fullName, false);
                }
                catch (Exception)
                {
                    continue; // dynamic or broken assemblies
                }
                if (t != null) return t;
            }
            return null;
        }
    }
}
