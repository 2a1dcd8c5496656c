using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace EngineMind.Core.Json
{
    /// <summary>
    /// Small JSON reader/writer for the discovery file and skeleton JSON (no dependency on Unity's JsonUtility,
    /// which cannot read dictionaries). Objects become Dictionary&lt;string, object&gt;, arrays List&lt;object&gt;,
    /// numbers double, plus string, bool and null.
    /// </summary>
    public static class MiniJson
    {
        public static object Parse(string text)
        {
            if (text == null)
                throw new FormatException("JSON text is null");
            var reader = new Reader(text);
            reader.SkipWhitespace();
            var value = reader.ReadValue();
            reader.SkipWhitespace();
            if (!reader.AtEnd)
                throw reader.Error("unexpected text after the JSON value");
            return value;
        }

        public static Dictionary<string, object> ParseObject(string text)
        {
            var obj = Parse(text) as Dictionary<string, object>;
            if (obj == null)
                throw new FormatException("expected a JSON object");
            return obj;
        }

        public static string Serialize(object value)
        {
            var sb = new StringBuilder();
            Write(sb, value);
            return sb.ToString();
        }

        static void Write(StringBuilder sb, object value)
        {
            if (value == null) { sb.Append("null"); return; }
            var s = value as string;
            if (s != null) { WriteString(sb, s); return; }
            if (value is bool) { sb.Append((bool)value ? "true" : "false"); return; }
            if (value is double || value is float || value is int || value is long || value is decimal)
            {
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(d) || double.IsInfinity(d))
                    throw new FormatException("JSON cannot hold NaN or infinity");
                sb.Append(d.ToString("R", CultureInfo.InvariantCulture));
                return;
            }
            var dict = value as IDictionary;
            if (dict != null)
            {
                sb.Append('{');
                var first = true;
                foreach (DictionaryEntry e in dict)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    WriteString(sb, Convert.ToString(e.Key, CultureInfo.InvariantCulture));
                    sb.Append(':');
                    Write(sb, e.Value);
                }
                sb.Append('}');
                return;
            }
            var list = value as IEnumerable;
            if (list != null)
            {
                sb.Append('[');
                var first = true;
                foreach (var item in list)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    Write(sb, item);
                }
                sb.Append(']');
                return;
            }
            throw new FormatException("cannot write " + value.GetType().Name + " as JSON");
        }

        static void WriteString(StringBuilder sb, string s)
        {
            sb.Append('"');
            foreach (var c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < 0x20)
                            sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else
                            sb.Append(c);
                        break;
                }
            }
            sb.Append('"');
        }

        sealed class Reader
        {
            readonly string m_Text;
            int m_Pos;

            public Reader(string text) { m_Text = text; }

            public bool AtEnd { get { return m_Pos >= m_Text.Length; } }

            public FormatException Error(string what)
            {
                return new FormatException("invalid JSON at character " + m_Pos + ": " + what);
            }

            public void SkipWhitespace()
            {
                while (m_Pos < m_Text.Length && char.IsWhiteSpace(m_Text[m_Pos]))
                    m_Pos++;
            }

            public object ReadValue()
            {
                if (AtEnd) throw Error("unexpected end");
                var c = m_Text[m_Pos];
                if (c == '{') return ReadObject();
                if (c == '[') return ReadArray();
                if (c == '"') return ReadString();
                if (Match("true")) return true;
                if (Match("false")) return false;
                if (Match("null")) return null;
                if (c == '-' || char.IsDigit(c)) return ReadNumber();
                throw Error("unexpected character '" + c + "'");
            }

            bool Match(string word)
            {
                if (string.CompareOrdinal(m_Text, m_Pos, word, 0, word.Length) != 0) return false;
                m_Pos += word.Length;
                return true;
            }

            Dictionary<string, object> ReadObject()
            {
                var result = new Dictionary<string, object>();
                m_Pos++;
                SkipWhitespace();
                if (!AtEnd && m_Text[m_Pos] == '}') { m_Pos++; return result; }
                while (true)
                {
                    SkipWhitespace();
                    if (AtEnd || m_Text[m_Pos] != '"') throw Error("expected a key string");
                    var key = ReadString();
                    SkipWhitespace();
                    if (AtEnd || m_Text[m_Pos] != ':') throw Error("expected ':'");
                    m_Pos++;
                    SkipWhitespace();
                    result[key] = ReadValue();
                    SkipWhitespace();
                    if (AtEnd) throw Error("unterminated object");
                    if (m_Text[m_Pos] == ',') { m_Pos++; continue; }
                    if (m_Text[m_Pos] == '}') { m_Pos++; return result; }
                    throw Error("expected ',' or '}'");
                }
            }

            List<object> ReadArray()
            {
                var result = new List<object>();
                m_Pos++;
                SkipWhitespace();
                if (!AtEnd && m_Text[m_Pos] == ']') { m_Pos++; return result; }
                while (true)
                {
                    SkipWhitespace();
                    result.Add(ReadValue());
                    SkipWhitespace();
                    if (AtEnd) throw Error("unterminated array");
                    if (m_Text[m_Pos] == ',') { m_Pos++; continue; }
                    if (m_Text[m_Pos] == ']') { m_Pos++; return result; }
                    throw Error("expected ',' or ']'");
                }
            }

            string ReadString()
            {
                var sb = new StringBuilder();
                m_Pos++;
                while (true)
                {
                    if (AtEnd) throw Error("unterminated string");
                    var c = m_Text[m_Pos++];
                    if (c == '"') return sb.ToString();
                    if (c != '\\') { sb.Append(c); continue; }
                    if (AtEnd) throw Error("unterminated escape");
                    var e = m_Text[m_Pos++];
                    switch (e)
                    {
                        case '"': sb.Append('"'); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u':
                            if (m_Pos + 4 > m_Text.Length) throw Error("short \\u escape");
                            sb.Append((char)int.Parse(m_Text.Substring(m_Pos, 4), NumberStyles.HexNumber,
                                CultureInfo.InvariantCulture));
                            m_Pos += 4;
                            break;
                        default: throw Error("unknown escape \\" + e);
                    }
                }
            }

            double ReadNumber()
            {
                var start = m_Pos;
                while (m_Pos < m_Text.Length && "+-0123456789.eE".IndexOf(m_Text[m_Pos]) >= 0)
                    m_Pos++;
                double d;
                if (!double.TryParse(m_Text.Substring(start, m_Pos - start), NumberStyles.Float,
                        CultureInfo.InvariantCulture, out d))
                    throw Error("bad number");
                return d;
            }
        }
    }
}
