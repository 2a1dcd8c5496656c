using System.Collections.Generic;

namespace EngineMind.Core.Jobs
{
    public struct MetricPoint
    {
        public MetricPoint(long step, double value)
        {
            Step = step;
            Value = value;
        }

        public readonly long Step;
        public readonly double Value;
    }

    /// <summary>Values of one metric over steps, kept sorted by step; a repeated step replaces its value.</summary>
    public sealed class MetricSeries
    {
        /// <summary>When more points arrive, every other point is dropped (the curve keeps its shape).</summary>
        public const int k_MaxPoints = 4096;

        readonly List<MetricPoint> m_Points = new List<MetricPoint>();

        public MetricSeries(string name)
        {
            Name = name;
        }

        public string Name { get; private set; }
        public IList<MetricPoint> Points { get { return m_Points; } }
        public int Count { get { return m_Points.Count; } }

        public MetricPoint Last
        {
            get { return m_Points[m_Points.Count - 1]; }
        }

        public void Add(long step, double value)
        {
            var p = new MetricPoint(step, value);
            var n = m_Points.Count;
            if (n == 0 || m_Points[n - 1].Step < step)
            {
                m_Points.Add(p);
            }
            else
            {
                var i = m_Points.FindIndex(q => q.Step >= step);
                if (m_Points[i].Step == step)
                    m_Points[i] = p;
                else
                    m_Points.Insert(i, p);
            }
            if (m_Points.Count > k_MaxPoints)
                Decimate();
        }

        void Decimate()
        {
            var kept = new List<MetricPoint>(m_Points.Count / 2 + 1);
            for (var i = 0; i < m_Points.Count; i += 2)
                kept.Add(m_Points[i]);
            if (kept[kept.Count - 1].Step != m_Points[m_Points.Count - 1].Step)
                kept.Add(m_Points[m_Points.Count - 1]);
            m_Points.Clear();
            m_Points.AddRange(kept);
        }
    }
}
