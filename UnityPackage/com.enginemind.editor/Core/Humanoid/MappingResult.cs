using System;
using System.Collections.Generic;
using System.Globalization;
using EngineMind.Core.Json;

namespace EngineMind.Core.Humanoid
{
    /// <summary>
    /// A bone mapping as in DESIGN.md section 4: {"target", "mapping": {source: target|null}, "confidence": {source: 0..1}}.
    /// Read from a file (CLI output) or filled from the MapSkeleton RPC.
    /// </summary>
    public sealed class MappingResult
    {
        public const string k_UnityTarget = "unity_humanoid";

        public string Target = "";
        public Dictionary<string, string> Mapping = new Dictionary<string, string>();
        public Dictionary<string, double> Confidence = new Dictionary<string, double>();
        public List<string> Warnings = new List<string>();

        public static MappingResult Parse(string json)
        {
            var obj = MiniJson.ParseObject(json);
            var result = new MappingResult();
            object v;
            if (obj.TryGetValue("target", out v) && v != null) result.Target = Convert.ToString(v, CultureInfo.InvariantCulture);
            if (!obj.TryGetValue("mapping", out v) || !(v is Dictionary<string, object>))
                throw new FormatException("mapping result has no \"mapping\" object");
            foreach (var kv in (Dictionary<string, object>)v)
            {
                if (kv.Value != null && !(kv.Value is string))
                    throw new FormatException("mapping of '" + kv.Key + "' must be a bone name or null");
                result.Mapping[kv.Key] = (string)kv.Value;
            }
            if (obj.TryGetValue("confidence", out v) && v is Dictionary<string, object>)
            {
                foreach (var kv in (Dictionary<string, object>)v)
                {
                    if (!(kv.Value is double))
                        throw new FormatException("confidence of '" + kv.Key + "' must be a number");
                    var c = (double)kv.Value;
                    if (c < 0 || c > 1) throw new FormatException("confidence of '" + kv.Key + "' is outside 0..1");
                    result.Confidence[kv.Key] = c;
                }
            }
            if (obj.TryGetValue("warnings", out v) && v is List<object>)
                foreach (var w in (List<object>)v)
                    if (w is string) result.Warnings.Add((string)w);
            return result;
        }

        /// <summary>Null when the mapping targets Unity's humanoid; otherwise what to do.</summary>
        public string CheckTarget()
        {
            if (Target == k_UnityTarget) return null;
            return "this mapping targets '" + Target + "', not '" + k_UnityTarget + "': map again with target " + k_UnityTarget;
        }

        /// <summary>The user's corrections as feedback JSON (source, predicted, corrected) for the backend.</summary>
        public static string FeedbackJson(IEnumerable<MappingCorrection> corrections, string target)
        {
            var list = new List<object>();
            foreach (var c in corrections)
            {
                list.Add(new Dictionary<string, object>
                {
                    { "source_bone", c.SourceBone }, { "predicted", c.Predicted }, { "corrected", c.Corrected },
                });
            }
            return MiniJson.Serialize(new Dictionary<string, object> { { "target", target }, { "corrections", list } });
        }
    }
}
