using System;
using System.Collections.Generic;

namespace EngineMind.Core.Humanoid
{
    /// <summary>One transform of the model, read in the editor (Unity: Y-up, left-handed, metres).</summary>
    public sealed class SkeletonNode
    {
        public string Name = "";
        /// <summary>Parent transform name; null for the root.</summary>
        public string Parent;
        public double[] LocalPosition = { 0, 0, 0 };
        /// <summary>x, y, z, w.</summary>
        public double[] LocalRotation = { 0, 0, 0, 1 };
        public double[] LocalScale = { 1, 1, 1 };
    }

    /// <summary>Checks and math on a list of nodes (parents listed before children).</summary>
    public static class SkeletonMath
    {
        /// <summary>Names used by more than one transform (Mecanim needs unique names).</summary>
        public static List<string> DuplicateNames(IList<SkeletonNode> nodes)
        {
            var seen = new HashSet<string>();
            var dup = new List<string>();
            foreach (var n in nodes)
            {
                if (!seen.Add(n.Name) && !dup.Contains(n.Name))
                    dup.Add(n.Name);
            }
            return dup;
        }

        /// <summary>Whether <paramref name="ancestor"/> is a strict ancestor of <paramref name="bone"/>.</summary>
        public static bool IsAncestor(IDictionary<string, string> parentOf, string ancestor, string bone)
        {
            string p;
            var guard = 0;
            var current = bone;
            while (parentOf.TryGetValue(current, out p) && p != null)
            {
                if (p == ancestor) return true;
                current = p;
                if (++guard > 100000) throw new InvalidOperationException("cycle in skeleton at " + bone);
            }
            return false;
        }

        public static Dictionary<string, string> ParentMap(IList<SkeletonNode> nodes)
        {
            var d = new Dictionary<string, string>();
            foreach (var n in nodes)
                d[n.Name] = n.Parent;
            return d;
        }

        /// <summary>Positions of every node relative to the root (component space), from the local TRS chain.</summary>
        public static Dictionary<string, double[]> ComponentPositions(IList<SkeletonNode> nodes)
        {
            var pos = new Dictionary<string, double[]>();
            var rot = new Dictionary<string, double[]>();
            var scl = new Dictionary<string, double[]>();
            foreach (var n in nodes)
            {
                double[] pp, pr, ps;
                if (n.Parent == null || !pos.TryGetValue(n.Parent, out pp))
                {
                    // the root (or an orphan): its own transform is the component frame
                    pos[n.Name] = new double[] { 0, 0, 0 };
                    rot[n.Name] = new double[] { 0, 0, 0, 1 };
                    scl[n.Name] = new double[] { 1, 1, 1 };
                    continue;
                }
                pr = rot[n.Parent];
                ps = scl[n.Parent];
                var scaled = new[] { n.LocalPosition[0] * ps[0], n.LocalPosition[1] * ps[1], n.LocalPosition[2] * ps[2] };
                var r = Rotate(pr, scaled);
                pos[n.Name] = new[] { pp[0] + r[0], pp[1] + r[1], pp[2] + r[2] };
                rot[n.Name] = Multiply(pr, n.LocalRotation);
                scl[n.Name] = new[] { ps[0] * n.LocalScale[0], ps[1] * n.LocalScale[1], ps[2] * n.LocalScale[2] };
            }
            return pos;
        }

        /// <summary>Hamilton product a*b of quaternions (x, y, z, w).</summary>
        public static double[] Multiply(double[] a, double[] b)
        {
            return new[]
            {
                a[3] * b[0] + a[0] * b[3] + a[1] * b[2] - a[2] * b[1],
                a[3] * b[1] - a[0] * b[2] + a[1] * b[3] + a[2] * b[0],
                a[3] * b[2] + a[0] * b[1] - a[1] * b[0] + a[2] * b[3],
                a[3] * b[3] - a[0] * b[0] - a[1] * b[1] - a[2] * b[2],
            };
        }

        /// <summary>Rotate vector v by unit quaternion q (x, y, z, w).</summary>
        public static double[] Rotate(double[] q, double[] v)
        {
            // t = 2 * cross(q.xyz, v); v' = v + w * t + cross(q.xyz, t)
            double tx = 2 * (q[1] * v[2] - q[2] * v[1]);
            double ty = 2 * (q[2] * v[0] - q[0] * v[2]);
            double tz = 2 * (q[0] * v[1] - q[1] * v[0]);
            return new[]
            {
                v[0] + q[3] * tx + (q[1] * tz - q[2] * ty),
                v[1] + q[3] * ty + (q[2] * tx - q[0] * tz),
                v[2] + q[3] * tz + (q[0] * ty - q[1] * tx),
            };
        }
    }
}
