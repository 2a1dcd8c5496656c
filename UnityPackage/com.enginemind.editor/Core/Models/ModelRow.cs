using System.Collections.Generic;
using System.Text.RegularExpressions;
using EngineMind.Core.Format;

namespace EngineMind.Core.Models
{
    /// <summary>One registry entry in the Models tab (copied out of enginemind.v1.ModelVersion).</summary>
    public sealed class ModelRow
    {
        public string Model = "";
        public int Version;
        public string Family = "";
        public List<string> Aliases = new List<string>();
        public Dictionary<string, double> Metrics = new Dictionary<string, double>();
        public string JobId = "";
        public double CreatedAt;
        public string Description = "";
        public long TotalArtifactBytes;

        public string Title { get { return Model + " v" + Version; } }

        public string AliasText
        {
            get { return Aliases.Count == 0 ? "" : "[" + string.Join(", ", Aliases.ToArray()) + "]"; }
        }

        public string MetricText { get { return Formatting.MetricList(Metrics); } }
    }

    public static class AliasRules
    {
        static readonly Regex k_Alias = new Regex("^[A-Za-z][A-Za-z0-9_.-]{0,63}$");

        /// <summary>Null when usable as an alias, else why not. The backend has the final word.</summary>
        public static string Validate(string alias)
        {
            if (string.IsNullOrEmpty(alias)) return "enter an alias, e.g. production";
            if (!k_Alias.IsMatch(alias))
                return "an alias starts with a letter and has only letters, digits, '_', '.', '-' (at most 64)";
            int n;
            if (int.TryParse(alias, out n)) return "an alias cannot be a number (that is a version)";
            if (alias == "latest") return "'latest' is reserved: it always means the newest version";
            return null;
        }
    }
}
