using System.Collections.Generic;
using EngineMind.Core.Json;

namespace EngineMind.Core.Humanoid
{
    /// <summary>
    /// Requests of the Skeleton service as protobuf JSON (proto field names). The editor turns them into messages
    /// with Google.Protobuf's JsonParser, and the Python replay test sends the very same JSON, so both make one request.
    /// </summary>
    public static class SkeletonRequest
    {
        /// <summary>enginemind.v1.SkeletonData: positions in component space, local rotations, Y-up metres.</summary>
        public static Dictionary<string, object> SkeletonData(IList<SkeletonNode> nodes)
        {
            var doc = SkeletonJson.Build(nodes);
            foreach (Dictionary<string, object> bone in (List<object>)doc["bones"])
            {
                if (bone["parent"] == null) bone["parent"] = ""; // proto: empty parent = root
            }
            return doc;
        }

        public static string MapJson(IList<SkeletonNode> nodes, string target)
        {
            return MiniJson.Serialize(new Dictionary<string, object>
            {
                { "skeleton", SkeletonData(nodes) },
                { "target", target },
            });
        }

        /// <summary>SubmitMappingFeedbackRequest with the corrected bones only ("" target = no counterpart).</summary>
        public static string FeedbackJson(IList<SkeletonNode> nodes, string target, IEnumerable<MappingCorrection> corrections,
            string note)
        {
            var list = new List<object>();
            foreach (var c in corrections)
            {
                var corrected = c.Corrected;
                var index = HumanoidBones.IndexOf(corrected);
                if (index >= 0) corrected = HumanoidBones.k_Names[index]; // the target's spelling (HumanBodyBones)
                list.Add(new Dictionary<string, object> { { "source", c.SourceBone }, { "target", corrected } });
            }
            return MiniJson.Serialize(new Dictionary<string, object>
            {
                { "skeleton", SkeletonData(nodes) },
                { "target", target },
                { "corrections", list },
                { "note", note ?? "" },
            });
        }
    }
}
