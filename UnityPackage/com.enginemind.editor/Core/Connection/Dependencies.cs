using System;
using System.Collections.Generic;
using System.Text;

namespace EngineMind.Core.Connection
{
    /// <summary>One package the dashboard needs, how it is recognised once installed, and how to install it.</summary>
    public sealed class Dependency
    {
        public Dependency(string title, string package, string version, string assembly, string install)
        {
            Title = title;
            Package = package;
            Version = version;
            Assembly = assembly;
            Install = install;
        }

        public string Title { get; private set; }
        /// <summary>UPM package name (the versionDefines of EngineMind.Editor.asmdef name the same packages).</summary>
        public string Package { get; private set; }
        /// <summary>Version to put in Packages/manifest.json, or a git URL for a git package.</summary>
        public string Version { get; private set; }
        /// <summary>Assembly that is loaded in the editor once the package is installed.</summary>
        public string Assembly { get; private set; }
        public string Install { get; private set; }
    }

    /// <summary>
    /// The dashboard's third-party dependencies. EngineMind.Editor compiles only once they are installed (its
    /// defineConstraints); until then the always-compiled EngineMind.Setup assembly shows <see cref="Report"/>.
    /// </summary>
    public static class Dependencies
    {
        public const string k_RegistryName = "Unity NuGet";
        public const string k_RegistryUrl = "https://unitynuget-registry.azurewebsites.net";
        public const string k_YahaGit = "https://github.com/Cysharp/YetAnotherHttpHandler.git?path=src/YetAnotherHttpHandler#1.11.5";
        public const string k_YahaDepsGit =
            "https://github.com/Cysharp/YetAnotherHttpHandler.git?path=src/YetAnotherHttpHandler.Dependencies#1.11.5";

        public static readonly Dependency[] k_All =
        {
            new Dependency("Google.Protobuf (messages)", "org.nuget.google.protobuf", "3.36.2", "Google.Protobuf",
                "UnityNuGet scoped registry"),
            new Dependency("Grpc.Net.Client (gRPC channel; brings Grpc.Core.Api and Grpc.Net.Common)",
                "org.nuget.grpc.net.client", "2.85.0", "Grpc.Net.Client", "UnityNuGet scoped registry"),
            new Dependency("YetAnotherHttpHandler dependencies (System.IO.Pipelines, ...)",
                "com.cysharp.yetanotherhttphandler.dependencies", k_YahaDepsGit, "System.IO.Pipelines",
                "Package Manager > + > Add package from git URL..."),
            new Dependency("YetAnotherHttpHandler (HTTP/2 for Unity)", "com.cysharp.yetanotherhttphandler", k_YahaGit,
                "Cysharp.Net.Http.YetAnotherHttpHandler", "Package Manager > + > Add package from git URL..."),
        };

        /// <summary>The dependencies whose assembly is not loaded.</summary>
        public static List<Dependency> Missing(Func<string, bool> assemblyLoaded)
        {
            if (assemblyLoaded == null) throw new ArgumentNullException("assemblyLoaded");
            return new List<Dependency>(Array.FindAll(k_All, d => !assemblyLoaded(d.Assembly)));
        }

        /// <summary>True when an assembly of that simple name is loaded in this AppDomain.</summary>
        public static bool IsLoaded(string assemblyName)
        {
            foreach (var asm in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (string.Equals(asm.GetName().Name, assemblyName, StringComparison.OrdinalIgnoreCase))
                    return true;
            }
            return false;
        }

        /// <summary>The lines to merge into the project's Packages/manifest.json (registry + all four packages).</summary>
        public static string ManifestSnippet()
        {
            var sb = new StringBuilder();
            sb.Append("\"scopedRegistries\": [\n  { \"name\": \"").Append(k_RegistryName).Append("\", \"url\": \"")
                .Append(k_RegistryUrl).Append("\", \"scopes\": [\"org.nuget\"] }\n],\n\"dependencies\": {\n");
            for (var i = 0; i < k_All.Length; i++)
            {
                sb.Append("  \"").Append(k_All[i].Package).Append("\": \"").Append(k_All[i].Version).Append('"');
                sb.Append(i + 1 < k_All.Length ? ",\n" : "\n");
            }
            return sb.Append('}').ToString();
        }

        /// <summary>What the Setup window says: what is missing and exactly how to install it.</summary>
        public static string Report(IList<Dependency> missing, bool dashboardCompiled)
        {
            if (missing.Count == 0)
                return dashboardCompiled
                    ? "All dependencies are installed. Open Window > EngineMind > Dashboard."
                    : "All dependencies are loaded, but the dashboard assembly was not compiled: check the Console " +
                      "for compile errors, or (if you installed the DLLs without UPM) add ENGINEMIND_GRPC_DLLS to " +
                      "Project Settings > Player > Scripting Define Symbols.";
            var sb = new StringBuilder("The EngineMind dashboard is not compiled yet: it needs these packages.\n");
            foreach (var d in missing)
                sb.Append("  - ").Append(d.Title).Append(": ").Append(d.Package).Append(" (").Append(d.Install).Append(")\n");
            sb.Append("\nEasiest: open Packages/manifest.json in a text editor, merge in the lines below (keep your ")
                .Append("own dependencies), save, and return to Unity. Package Manager installs them and the dashboard ")
                .Append("compiles by itself.");
            return sb.ToString();
        }
    }
}
