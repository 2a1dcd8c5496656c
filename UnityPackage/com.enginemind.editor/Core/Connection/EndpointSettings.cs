using System;
using System.IO;

namespace EngineMind.Core.Connection
{
    /// <summary>How the dashboard finds the backend: a data dir with server.json, or host/port + token.</summary>
    public sealed class EndpointSettings
    {
        /// <summary>Data dir of <c>enginemind serve --data-dir</c>; used when <see cref="UseDiscovery"/>.</summary>
        public string DataDir = "";
        /// <summary>Read host, port and token path from server.json in <see cref="DataDir"/>.</summary>
        public bool UseDiscovery = true;
        /// <summary>Manual host (loopback unless the server was started with --allow-remote).</summary>
        public string Host = "127.0.0.1";
        /// <summary>Manual port.</summary>
        public int Port;
        /// <summary>Manual token (the contents of the token file), used when not discovering.</summary>
        public string Token = "";

        public static string FormatAddress(string host, int port)
        {
            if (string.IsNullOrEmpty(host) || host == "0.0.0.0" || host == "localhost")
                host = "127.0.0.1";
            if (host == "::") host = "::1";
            if (host.IndexOf(':') >= 0 && !host.StartsWith("[", StringComparison.Ordinal))
                host = "[" + host + "]";
            return "http://" + host + ":" + port;
        }

        /// <summary>
        /// Resolve to an address and token. Throws with a message that says what to do when the
        /// settings cannot work.
        /// </summary>
        public ResolvedEndpoint Resolve()
        {
            if (UseDiscovery)
            {
                if (string.IsNullOrEmpty(DataDir))
                    throw new InvalidOperationException(
                        "no data dir set: choose the folder given to `enginemind serve --data-dir`, or switch to host/port");
                var info = DiscoveryInfo.TryRead(DataDir);
                if (info == null)
                    throw new InvalidOperationException("no backend is running for " + DataDir + " (no " +
                        DiscoveryInfo.k_FileName + "): press Start backend, or run `enginemind serve --data-dir " +
                        DataDir + "`");
                if (string.IsNullOrEmpty(info.TokenFile) || !File.Exists(info.TokenFile))
                    throw new InvalidOperationException("token file " + info.TokenFile +
                        " is missing: restart the backend, it creates the token on start");
                var token = File.ReadAllText(info.TokenFile).Trim();
                return new ResolvedEndpoint(info.Address, token, info);
            }
            if (Port <= 0 || Port > 65535)
                throw new InvalidOperationException("port " + Port + " is not valid: enter the port from server.json");
            return new ResolvedEndpoint(FormatAddress(Host, Port), (Token ?? "").Trim(), null);
        }
    }

    public sealed class ResolvedEndpoint
    {
        public ResolvedEndpoint(string address, string token, DiscoveryInfo discovery)
        {
            Address = address;
            Token = token;
            Discovery = discovery;
        }

        public string Address { get; private set; }
        public string Token { get; private set; }
        /// <summary>The discovery file that was read, or null for manual settings.</summary>
        public DiscoveryInfo Discovery { get; private set; }

        /// <summary>Value of the <c>authorization</c> metadata entry sent with every call.</summary>
        public string AuthorizationHeader
        {
            get { return "Bearer " + Token; }
        }
    }
}
