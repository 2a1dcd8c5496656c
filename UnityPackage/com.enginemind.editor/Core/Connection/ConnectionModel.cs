using System;
using System.Globalization;

namespace EngineMind.Core.Connection
{
    public enum ConnectionState
    {
        /// <summary>Not connected and not trying (initial state, or the user disconnected).</summary>
        Disconnected,
        /// <summary>A handshake is in flight.</summary>
        Connecting,
        /// <summary>Handshake succeeded; streams are open.</summary>
        Connected,
        /// <summary>The last attempt failed for a transient reason; the next one is scheduled.</summary>
        Retrying,
        /// <summary>Failed for a reason retrying cannot fix (version, token, settings); needs the user.</summary>
        Failed,
    }

    /// <summary>
    /// Connection state machine of the dashboard. Time is passed in (seconds, monotonic) so the policy is testable;
    /// the editor drives it from EditorApplication.update.
    /// </summary>
    public sealed class ConnectionModel
    {
        readonly ReconnectPolicy m_Policy;
        int m_Failures;
        double m_NextAttemptAt;

        public ConnectionModel(ReconnectPolicy policy)
        {
            m_Policy = policy ?? new ReconnectPolicy();
            State = ConnectionState.Disconnected;
            Message = "not connected";
        }

        public ConnectionState State { get; private set; }
        /// <summary>The last error or status line for the UI.</summary>
        public string Message { get; private set; }
        public string Address { get; private set; }
        public string ServerApiVersion { get; private set; }
        public int Failures { get { return m_Failures; } }
        public double NextAttemptAt { get { return m_NextAttemptAt; } }

        /// <summary>Raised after every state or message change (on the caller's thread).</summary>
        public event Action Changed;

        public bool IsConnected { get { return State == ConnectionState.Connected; } }

        /// <summary>The user asked to connect: start an attempt now.</summary>
        public void BeginConnect(string address)
        {
            m_Failures = 0;
            Address = address;
            Set(ConnectionState.Connecting, "connecting to " + address + " ...");
        }

        public void Disconnect()
        {
            m_Failures = 0;
            Set(ConnectionState.Disconnected, "disconnected");
        }

        public void OnConnected(string address, string serverApiVersion, string serverVersion)
        {
            m_Failures = 0;
            Address = address;
            ServerApiVersion = serverApiVersion;
            Set(ConnectionState.Connected, "connected to " + address + " (backend " + serverVersion + ", API " +
                serverApiVersion + ")");
        }

        /// <summary>The settings cannot work (no discovery file, bad port): wait for the user.</summary>
        public void OnConfigError(string message)
        {
            Set(ConnectionState.Failed, message);
        }

        /// <summary>A handshake, a call or a stream failed with <paramref name="code"/>.</summary>
        public void OnFailure(RpcCode code, string detail, double now)
        {
            if (State == ConnectionState.Disconnected)
                return; // the user disconnected meanwhile; late failures of cancelled calls do not count
            var text = string.IsNullOrEmpty(detail) ? RpcCodes.Hint(code) : detail + " (" + RpcCodes.Hint(code) + ")";
            if (!RpcCodes.IsTransient(code))
            {
                Set(ConnectionState.Failed, text);
                return;
            }
            m_Failures++;
            if (m_Policy.ShouldGiveUp(m_Failures))
            {
                Set(ConnectionState.Failed, "gave up after " + m_Failures + " attempts: " + text);
                return;
            }
            m_NextAttemptAt = now + m_Policy.NextDelay(m_Failures);
            Set(ConnectionState.Retrying, text);
        }

        /// <summary>The server's API major version differs: stop and tell which side to upgrade.</summary>
        public void OnIncompatible(string message)
        {
            Set(ConnectionState.Failed, message);
        }

        /// <summary>Call every editor tick; true when a retry is due now (the state moves to Connecting).</summary>
        public bool ShouldAttempt(double now)
        {
            if (State != ConnectionState.Retrying || now < m_NextAttemptAt)
                return false;
            Set(ConnectionState.Connecting, "reconnecting to " + Address + " (attempt " + (m_Failures + 1) + ") ...");
            return true;
        }

        /// <summary>One line for the status bar of the window.</summary>
        public string StatusLine(double now)
        {
            if (State == ConnectionState.Retrying)
            {
                var wait = Math.Max(0.0, m_NextAttemptAt - now);
                return "retrying in " + Math.Ceiling(wait).ToString("0", CultureInfo.InvariantCulture) +
                    " s (failed " + m_Failures + "x): " + Message;
            }
            return Message;
        }

        void Set(ConnectionState state, string message)
        {
            State = state;
            Message = message;
            var handler = Changed;
            if (handler != null) handler();
        }
    }
}
