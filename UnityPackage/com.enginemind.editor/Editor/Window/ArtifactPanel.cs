using System.Collections.Generic;
using EngineMind.Core.Connection;
using EngineMind.Core.Jobs;
using EngineMind.Editor.Transport;
using UnityEngine;
using UnityEngine.UIElements;

namespace EngineMind.Editor.Window
{
    /// <summary>
    /// The selected job's image artifacts (loss curves, render sheets, samples) in the Jobs tab: thumbnails, newest
    /// first, and one large view. What to list, download and drop is decided by Core's <see cref="ArtifactBook"/>;
    /// this class makes the calls and turns PNG bytes into textures (ImageConversion.LoadImage).
    /// </summary>
    internal sealed class ArtifactPanel
    {
        readonly DashboardController m_Owner;
        readonly ArtifactBook m_Book = new ArtifactBook();
        readonly Dictionary<string, Texture2D> m_Textures = new Dictionary<string, Texture2D>();
        readonly Label m_Note = new Label("");
        readonly VisualElement m_Thumbs = new VisualElement();
        readonly Image m_Large = new Image();
        readonly Label m_LargeCaption = new Label("");
        int m_DrawnVersion = -1;
        int m_Generation = -1;

        public ArtifactPanel(DashboardController owner)
        {
            m_Owner = owner;
            Root = new VisualElement();
            Root.Add(UiUtil.Section("Images"));
            m_Note.AddToClassList("em-muted");
            Root.Add(m_Note);
            m_Thumbs.AddToClassList("em-thumbs");
            Root.Add(m_Thumbs);
            m_Large.scaleMode = ScaleMode.ScaleToFit;
            m_Large.AddToClassList("em-large");
            Root.Add(m_Large);
            Root.Add(m_LargeCaption);
        }

        public VisualElement Root { get; private set; }

        bool Supported
        {
            get
            {
                var hs = m_Owner.Handshake;
                return hs != null && hs.Capabilities.Contains(RpcSequence.k_ArtifactsCapability);
            }
        }

        /// <summary>Every redraw of the Jobs tab, with the selected job (or null).</summary>
        public void Refresh(JobRow row)
        {
            if (m_Owner.Generation != m_Generation)
            {
                // the connection closed: its listing or downloads in flight will never report, so start over
                m_Generation = m_Owner.Generation;
                if (m_Book.Select(null)) FreeAll();
            }
            if (m_Book.Select(row == null ? null : row.Id)) FreeAll();
            if (row != null && m_Owner.Connection.IsConnected && Supported && m_Book.NeedsList(row))
                List(row);
            if (m_Book.Version != m_DrawnVersion) Draw(row);
        }

        /// <summary>The user selected a job (again): a selected job is listed anew, e.g. after a failed listing.</summary>
        public void Reload()
        {
            m_Book.Reload();
        }

        void List(JobRow row)
        {
            var jobId = row.Id;
            m_Book.ListStarted(row);
            m_Owner.Call((c, ct) => c.ListArtifactsAsync(jobId, ct), r =>
            {
                var dropped = new List<string>();
                var fetch = m_Book.ApplyList(jobId, ProtoConvert.ToArtifacts(r), dropped);
                foreach (var name in dropped) Free(name);
                foreach (var a in fetch) Fetch(jobId, a);
            }, e => m_Book.ListFailed(jobId, RpcErrors.DetailOf(e)));
        }

        void Fetch(string jobId, ArtifactEntry a)
        {
            var name = a.Name;
            var seq = a.Seq;
            m_Owner.Call((c, ct) => c.GetArtifactAsync(jobId, name, ArtifactBook.k_MaxImageBytes, ct), bytes =>
            {
                var tex = new Texture2D(2, 2);
                if (!tex.LoadImage(bytes)) // resizes the texture to the picture; false when the bytes are no PNG/JPEG
                {
                    Object.DestroyImmediate(tex);
                    m_Book.OnFailed(jobId, name, seq, "not a PNG/JPEG picture");
                    return;
                }
                if (!m_Book.OnLoaded(jobId, name, seq))
                {
                    Object.DestroyImmediate(tex); // another job was selected meanwhile
                    return;
                }
                Free(name);
                tex.name = name;
                m_Textures[name] = tex;
            }, e => m_Book.OnFailed(jobId, name, seq, RpcErrors.DetailOf(e)));
        }

        void Draw(JobRow row)
        {
            m_DrawnVersion = m_Book.Version;
            m_Thumbs.Clear();
            var shown = m_Book.Shown;
            m_Note.text = row == null ? "" : !Supported ? "this backend cannot send job artifacts (API 2.1 needed)"
                : !string.IsNullOrEmpty(m_Book.Note) ? m_Book.Note
                : shown.Count == 0 ? "no images yet" + (m_Book.OtherFiles > 0 ? " (" + m_Book.OtherFiles + " other files)" : "")
                : m_Book.OtherFiles > 0 ? m_Book.OtherFiles + " other files (enginemind jobs artifacts " + row.Id + ")" : "";
            var large = m_Book.Large;
            foreach (var slot in shown)
            {
                var name = slot.Info.Name;
                var thumb = new Button(() => m_Book.PickLarge(name));
                thumb.AddToClassList("em-thumb");
                thumb.EnableInClassList("em-thumb--picked", large == slot);
                thumb.tooltip = ArtifactBook.Caption(slot);
                var image = new Image { scaleMode = ScaleMode.ScaleToFit };
                image.AddToClassList("em-thumb-image");
                Texture2D tex;
                if (m_Textures.TryGetValue(name, out tex)) image.image = tex;
                thumb.Add(image);
                var caption = new Label(ArtifactBook.Caption(slot));
                caption.AddToClassList("em-thumb-caption");
                thumb.Add(caption);
                m_Thumbs.Add(thumb);
            }
            Texture2D big = null;
            if (large != null) m_Textures.TryGetValue(large.Info.Name, out big);
            m_Large.image = big;
            m_Large.EnableInClassList("em-hidden", big == null);
            m_LargeCaption.text = large == null ? "" : ArtifactBook.Caption(large);
        }

        void Free(string name)
        {
            Texture2D tex;
            if (!m_Textures.TryGetValue(name, out tex)) return;
            m_Textures.Remove(name);
            if (m_Large.image == tex) m_Large.image = null;
            Object.DestroyImmediate(tex);
        }

        void FreeAll()
        {
            foreach (var name in new List<string>(m_Textures.Keys)) Free(name);
            m_Thumbs.Clear();
        }
    }
}
