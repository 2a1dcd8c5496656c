using System;
using System.Collections.Generic;

namespace EngineMind.Core.Jobs
{
    public struct Point2
    {
        public Point2(float x, float y)
        {
            X = x;
            Y = y;
        }

        public readonly float X;
        public readonly float Y;
    }

    /// <summary>
    /// Turns metric series into polylines in a width x height box (y grows downwards, as in UI Toolkit).
    /// Long series are reduced to at most two points per pixel column (min and max), so drawing stays cheap.
    /// </summary>
    public static class CurveGeometry
    {
        public struct Range
        {
            public double MinStep, MaxStep, MinValue, MaxValue;
            public bool IsEmpty { get { return MaxStep < MinStep; } }
        }

        public static Range Bounds(IEnumerable<MetricSeries> series)
        {
            var r = new Range { MinStep = double.MaxValue, MaxStep = double.MinValue,
                MinValue = double.MaxValue, MaxValue = double.MinValue };
            foreach (var s in series)
            {
                foreach (var p in s.Points)
                {
                    if (double.IsNaN(p.Value) || double.IsInfinity(p.Value)) continue;
                    r.MinStep = Math.Min(r.MinStep, p.Step);
                    r.MaxStep = Math.Max(r.MaxStep, p.Step);
                    r.MinValue = Math.Min(r.MinValue, p.Value);
                    r.MaxValue = Math.Max(r.MaxValue, p.Value);
                }
            }
            if (!r.IsEmpty && r.MaxValue == r.MinValue)
            {
                var pad = Math.Abs(r.MaxValue) > 0 ? Math.Abs(r.MaxValue) * 0.05 : 1.0;
                r.MinValue -= pad;
                r.MaxValue += pad;
            }
            return r;
        }

        /// <summary>Polyline of one series inside the box, using the shared range (so curves compare).</summary>
        public static List<Point2> Polyline(MetricSeries series, Range range, float width, float height, float padding)
        {
            var result = new List<Point2>();
            if (series == null || series.Count == 0 || range.IsEmpty || width <= 2 * padding || height <= 2 * padding)
                return result;
            var w = width - 2 * padding;
            var h = height - 2 * padding;
            var stepSpan = Math.Max(range.MaxStep - range.MinStep, 1.0);
            var valueSpan = range.MaxValue - range.MinValue;
            var column = -1;
            float colMinY = 0, colMaxY = 0, colX = 0;
            foreach (var p in series.Points)
            {
                if (double.IsNaN(p.Value) || double.IsInfinity(p.Value)) continue;
                var x = padding + (float)((p.Step - range.MinStep) / stepSpan * w);
                var y = padding + (float)((range.MaxValue - p.Value) / valueSpan * h);
                var c = (int)Math.Floor(x);
                if (c != column)
                {
                    Flush(result, column, colX, colMinY, colMaxY);
                    column = c;
                    colX = x;
                    colMinY = y;
                    colMaxY = y;
                }
                else
                {
                    colMinY = Math.Min(colMinY, y);
                    colMaxY = Math.Max(colMaxY, y);
                }
            }
            Flush(result, column, colX, colMinY, colMaxY);
            return result;
        }

        static void Flush(List<Point2> result, int column, float x, float minY, float maxY)
        {
            if (column < 0) return; // nothing collected yet
            result.Add(new Point2(x, minY));
            if (maxY != minY) result.Add(new Point2(x, maxY));
        }
    }
}
