using System.Collections.Generic;
using EngineMind.Core.Jobs;
using UnityEngine;
using UnityEngine.UIElements;

namespace EngineMind.Editor.Window
{
    /// <summary>Loss/metric curves drawn with Painter2D; the geometry comes from Core's CurveGeometry.</summary>
    internal sealed class CurveElement : VisualElement
    {
        const float k_Padding = 6f;

        public static readonly Color[] k_Palette =
        {
            new Color(0.35f, 0.65f, 1f, 1f), new Color(1f, 0.55f, 0.25f, 1f), new Color(0.4f, 0.85f, 0.45f, 1f),
            new Color(0.9f, 0.4f, 0.8f, 1f), new Color(0.95f, 0.85f, 0.3f, 1f),
        };

        readonly List<MetricSeries> m_Series = new List<MetricSeries>();

        public CurveElement()
        {
            AddToClassList("em-curve");
            generateVisualContent += Draw;
        }

        public void SetSeries(IEnumerable<MetricSeries> series)
        {
            m_Series.Clear();
            m_Series.AddRange(series);
            MarkDirtyRepaint();
        }

        void Draw(MeshGenerationContext ctx)
        {
            var rect = contentRect;
            var range = CurveGeometry.Bounds(m_Series);
            if (range.IsEmpty) return;
            var painter = ctx.painter2D;
            painter.lineWidth = 1.5f;
            for (var i = 0; i < m_Series.Count; i++)
            {
                var points = CurveGeometry.Polyline(m_Series[i], range, rect.width, rect.height, k_Padding);
                if (points.Count < 2) continue;
                painter.strokeColor = k_Palette[i % k_Palette.Length];
                painter.BeginPath();
                painter.MoveTo(new Vector2(points[0].X, points[0].Y));
                for (var p = 1; p < points.Count; p++)
                    painter.LineTo(new Vector2(points[p].X, points[p].Y));
                painter.Stroke();
            }
        }
    }
}
