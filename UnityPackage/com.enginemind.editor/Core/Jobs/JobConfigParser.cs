using System;
using System.Collections.Generic;
using System.Globalization;
using EngineMind.Core.Json;

namespace EngineMind.Core.Jobs
{
    /// <summary>
    /// The Jobs tab's submit form: one "key = value" per line (or a JSON object). Values are typed: integers and
    /// decimals become numbers, true/false booleans, [..]/{..} JSON, anything else a string. The backend validates
    /// the keys against the family's config dataclass and answers INVALID_ARGUMENT with what is wrong.
    /// </summary>
    public static class JobConfigParser
    {
        public static Dictionary<string, object> Parse(string text)
        {
            var result = new Dictionary<string, object>();
            if (string.IsNullOrEmpty(text) || text.Trim().Length == 0)
                return result;
            var trimmed = text.Trim();
            if (trimmed.StartsWith("{", StringComparison.Ordinal))
                return MiniJson.ParseObject(trimmed);
            var lines = text.Replace("\r\n", "\n").Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.Length == 0 || line.StartsWith("#", StringComparison.Ordinal)) continue;
                var eq = line.IndexOf('=');
                if (eq <= 0)
                    throw new FormatException("line " + (i + 1) + ": expected 'key = value', got '" + line + "'");
                var key = line.Substring(0, eq).Trim();
                var value = line.Substring(eq + 1).Trim();
                if (result.ContainsKey(key))
                    throw new FormatException("line " + (i + 1) + ": '" + key + "' is set twice");
                result[key] = ParseValue(value, i + 1);
            }
            return result;
        }

        static object ParseValue(string v, int line)
        {
            if (v == "true") return true;
            if (v == "false") return false;
            if (v == "null") return null;
            if (v.StartsWith("[", StringComparison.Ordinal) || v.StartsWith("{", StringComparison.Ordinal) ||
                v.StartsWith("\"", StringComparison.Ordinal))
            {
                try
                {
                    return MiniJson.Parse(v);
                }
                catch (FormatException e)
                {
                    throw new FormatException("line " + line + ": " + e.Message);
                }
            }
            double d;
            if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out d))
                return d;
            return v;
        }
    }
}
