using System;
using System.Text;

namespace EngineMind.Core.Connection
{
    /// <summary>Status values of grpc.health.v1.HealthCheckResponse.</summary>
    public enum ServingStatus
    {
        Unknown = 0,
        Serving = 1,
        NotServing = 2,
        ServiceUnknown = 3,
    }

    /// <summary>
    /// Hand-written wire format of the two grpc.health.v1 messages the dashboard needs, so the package does not
    /// depend on Grpc.HealthCheck. HealthCheckRequest{string service = 1}; HealthCheckResponse{ServingStatus status = 1}.
    /// </summary>
    public static class HealthWire
    {
        public const string k_CheckMethod = "/grpc.health.v1.Health/Check";

        public static byte[] EncodeCheckRequest(string service)
        {
            if (string.IsNullOrEmpty(service)) return new byte[0];
            var utf8 = Encoding.UTF8.GetBytes(service);
            var buf = new System.IO.MemoryStream();
            buf.WriteByte(0x0A); // field 1, wire type 2
            WriteVarint(buf, (ulong)utf8.Length);
            buf.Write(utf8, 0, utf8.Length);
            return buf.ToArray();
        }

        public static string DecodeCheckRequest(byte[] data)
        {
            var pos = 0;
            var service = "";
            while (pos < data.Length)
            {
                var tag = ReadVarint(data, ref pos);
                if (tag == 0x0A)
                {
                    var len = (int)ReadVarint(data, ref pos);
                    service = Encoding.UTF8.GetString(data, pos, len);
                    pos += len;
                }
                else
                {
                    Skip(data, ref pos, (int)(tag & 7));
                }
            }
            return service;
        }

        public static byte[] EncodeCheckResponse(ServingStatus status)
        {
            if (status == ServingStatus.Unknown) return new byte[0];
            var buf = new System.IO.MemoryStream();
            buf.WriteByte(0x08); // field 1, varint
            WriteVarint(buf, (ulong)status);
            return buf.ToArray();
        }

        /// <summary>Reads the status; unknown fields are skipped as protobuf requires.</summary>
        public static ServingStatus DecodeCheckResponse(byte[] data)
        {
            var pos = 0;
            var status = ServingStatus.Unknown;
            while (pos < data.Length)
            {
                var tag = ReadVarint(data, ref pos);
                if (tag == 0x08)
                    status = (ServingStatus)(int)ReadVarint(data, ref pos);
                else
                    Skip(data, ref pos, (int)(tag & 7));
            }
            return status;
        }

        static void WriteVarint(System.IO.Stream s, ulong v)
        {
            while (v >= 0x80)
            {
                s.WriteByte((byte)(v | 0x80));
                v >>= 7;
            }
            s.WriteByte((byte)v);
        }

        static ulong ReadVarint(byte[] data, ref int pos)
        {
            ulong result = 0;
            var shift = 0;
            while (true)
            {
                if (pos >= data.Length) throw new FormatException("truncated varint in health message");
                var b = data[pos++];
                result |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return result;
                shift += 7;
                if (shift > 63) throw new FormatException("varint too long in health message");
            }
        }

        static void Skip(byte[] data, ref int pos, int wireType)
        {
            switch (wireType)
            {
                case 0: ReadVarint(data, ref pos); break;
                case 1: pos += 8; break;
                case 2:
                    var len = (int)ReadVarint(data, ref pos); // read first: 'pos +=' would use the old pos
                    pos += len;
                    break;
                case 5: pos += 4; break;
                default: throw new FormatException("unsupported wire type " + wireType + " in health message");
            }
            if (pos > data.Length) throw new FormatException("truncated field in health message");
        }
    }
}
