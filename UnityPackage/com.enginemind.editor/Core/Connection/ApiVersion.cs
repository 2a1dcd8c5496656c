using System;
using System.Globalization;

namespace EngineMind.Core.Connection
{
    /// <summary>Semantic version of the protos; client and server must share the major version.</summary>
    public struct ApiVersion
    {
        /// <summary>API version of the protos this package was generated from (enginemind.API_VERSION).</summary>
        public const string k_Client = "2.3.0";

        public readonly int Major;
        public readonly int Minor;
        public readonly int Patch;

        public ApiVersion(int major, int minor, int patch)
        {
            Major = major;
            Minor = minor;
            Patch = patch;
        }

        public static bool TryParse(string text, out ApiVersion version)
        {
            version = default(ApiVersion);
            if (string.IsNullOrEmpty(text)) return false;
            var core = text.Trim();
            var cut = core.IndexOfAny(new[] { '-', '+' });
            if (cut >= 0) core = core.Substring(0, cut);
            var parts = core.Split('.');
            if (parts.Length < 1 || parts.Length > 3) return false;
            var nums = new int[3];
            for (var i = 0; i < parts.Length; i++)
            {
                if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out nums[i]))
                    return false;
            }
            version = new ApiVersion(nums[0], nums[1], nums[2]);
            return true;
        }

        public override string ToString()
        {
            return Major + "." + Minor + "." + Patch;
        }

        /// <summary>
        /// Null when the two can talk; otherwise a message that says which side to upgrade.
        /// A newer server minor version is fine (additive changes); features are gated by capabilities.
        /// </summary>
        public static string CheckCompatible(string clientText, string serverText)
        {
            ApiVersion client, server;
            if (!TryParse(serverText, out server))
                return "the backend reported API version '" + serverText + "', which is not a version: upgrade the backend";
            if (!TryParse(clientText, out client))
                throw new ArgumentException("bad client API version " + clientText);
            if (client.Major == server.Major)
                return null;
            if (client.Major < server.Major)
                return "backend API " + server + " is newer than this package (" + client +
                    "): update com.enginemind.editor";
            return "backend API " + server + " is older than this package (" + client +
                "): upgrade the backend (pip install -U enginemind)";
        }
    }
}
