using System;
using System.Collections.Generic;
using EngineMind.Core.Format;

namespace EngineMind.Core.Jobs
{
    /// <summary>One file a job announced (copied out of enginemind.v1.JobArtifact).</summary>
    public sealed class ArtifactEntry
    {
        public string Name = "";
        /// <summary>"image" for PNG/JPEG pictures, else what the job announced ("file", ...).</summary>
        public string Kind = "";
        public long Size;
        /// <summary>Seq of the latest announcement: grows when the job rewrites the file.</summary>
        public long Seq;
        public double Time;
        /// <summary>False when the backend cannot read the file (gone, or on another machine).</summary>
        public bool Available;

        public bool IsImage { get { return Kind == "image"; } }
    }

    /// <summary>What the Jobs tab shows of an image artifact.</summary>
    public enum ArtifactState
    {
        Waiting,
        Loading,
        Loaded,
        TooLarge,
        Unavailable,
        Failed,
    }

    /// <summary>An image the Jobs tab shows (newest first), with what is known of its picture.</summary>
    public sealed class ArtifactSlot
    {
        public ArtifactEntry Info;
        public ArtifactState State;
        /// <summary>Seq of the bytes the tab holds for it (0: none yet).</summary>
        public long LoadedSeq;
        public string Error = "";
    }

    /// <summary>
    /// The image artifacts of the job selected in the Jobs tab, without UI or network: when to call
    /// Jobs.ListArtifacts (first selection, a new artifact event, the job ending), which images to download after
    /// a listing (new ones and ones the job rewrote, newest <see cref="k_MaxShown"/>, at most
    /// <see cref="k_MaxImageBytes"/> each), which to drop, and which one the large view shows.
    /// Results for a job that is no longer selected are refused, so the tab can discard them.
    /// </summary>
    public sealed class ArtifactBook
    {
        public const int k_MaxShown = 12;
        public const long k_MaxImageBytes = 16L * 1024 * 1024;

        readonly Dictionary<string, ArtifactSlot> m_Slots = new Dictionary<string, ArtifactSlot>();
        readonly List<ArtifactSlot> m_Shown = new List<ArtifactSlot>();
        long m_ListedArtifactSeq = -1;
        bool m_ListedTerminal;
        bool m_Listing;
        string m_Large;

        public string JobId { get; private set; }
        /// <summary>Grows on every change the tab should redraw.</summary>
        public int Version { get; private set; }
        /// <summary>Images to show, newest first.</summary>
        public IList<ArtifactSlot> Shown { get { return m_Shown; } }
        /// <summary>Number of artifacts listed that are not images (shown as a count).</summary>
        public int OtherFiles { get; private set; }
        public string Note { get; private set; }

        /// <summary>Select a job (null: none). True when the selection changed: the tab drops its pictures.</summary>
        public bool Select(string jobId)
        {
            if (jobId == JobId) return false;
            JobId = jobId;
            m_Slots.Clear();
            m_Shown.Clear();
            m_ListedArtifactSeq = -1;
            m_ListedTerminal = false;
            m_Listing = false;
            m_Large = null;
            OtherFiles = 0;
            Note = "";
            Version++;
            return true;
        }

        /// <summary>List again on the next refresh (the user pressed Details on the selected job again).</summary>
        public void Reload()
        {
            if (!m_Listing) m_ListedArtifactSeq = -1;
        }

        /// <summary>True when the tab should call ListArtifacts now for <paramref name="row"/> (the selected job).</summary>
        public bool NeedsList(JobRow row)
        {
            if (row == null || row.Id != JobId || m_Listing) return false;
            if (m_ListedArtifactSeq < 0) return true;
            return row.ArtifactSeq > m_ListedArtifactSeq || (row.IsTerminal && !m_ListedTerminal);
        }

        /// <summary>The tab sent ListArtifacts for the job as it is now.</summary>
        public void ListStarted(JobRow row)
        {
            m_Listing = true;
            m_ListedArtifactSeq = row.ArtifactSeq;
            m_ListedTerminal = row.IsTerminal;
        }

        /// <summary>ListArtifacts failed: note it and try again on the next artifact event or the job's end.</summary>
        public void ListFailed(string jobId, string error)
        {
            if (jobId != JobId) return;
            m_Listing = false;
            Note = "artifacts: " + error;
            Version++;
        }

        /// <summary>
        /// Apply a listing of <paramref name="jobId"/>. Returns the images to download now (each marked Loading) and
        /// fills <paramref name="dropped"/> with names whose pictures the tab should free. Stale listings return none.
        /// </summary>
        public IList<ArtifactEntry> ApplyList(string jobId, IList<ArtifactEntry> listed, IList<string> dropped)
        {
            var fetch = new List<ArtifactEntry>();
            if (jobId != JobId) return fetch;
            m_Listing = false;
            Note = "";
            var images = new List<ArtifactEntry>();
            OtherFiles = 0;
            foreach (var a in listed)
            {
                if (a.IsImage) images.Add(a);
                else OtherFiles++;
            }
            images.Sort((x, y) => y.Seq.CompareTo(x.Seq));
            if (images.Count > k_MaxShown) images.RemoveRange(k_MaxShown, images.Count - k_MaxShown);
            var keep = new HashSet<string>();
            foreach (var a in images) keep.Add(a.Name);
            foreach (var name in new List<string>(m_Slots.Keys))
            {
                if (keep.Contains(name)) continue;
                if (m_Slots[name].LoadedSeq > 0) dropped.Add(name);
                m_Slots.Remove(name);
            }
            m_Shown.Clear();
            foreach (var a in images)
            {
                ArtifactSlot slot;
                if (!m_Slots.TryGetValue(a.Name, out slot))
                {
                    slot = new ArtifactSlot { Info = a, State = ArtifactState.Waiting };
                    m_Slots[a.Name] = slot;
                }
                slot.Info = a;
                m_Shown.Add(slot);
                if (!a.Available)
                {
                    if (slot.State != ArtifactState.Loaded) slot.State = ArtifactState.Unavailable;
                    continue;
                }
                if (a.Size > k_MaxImageBytes)
                {
                    slot.State = ArtifactState.TooLarge;
                    continue;
                }
                if (slot.State == ArtifactState.Loading || slot.LoadedSeq >= a.Seq) continue;
                if (slot.State == ArtifactState.Failed && slot.LoadedSeq == -a.Seq) continue; // this version failed
                slot.State = ArtifactState.Loading;
                fetch.Add(a);
            }
            if (m_Large != null && !m_Slots.ContainsKey(m_Large)) m_Large = null;
            Version++;
            return fetch;
        }

        /// <summary>The picture of <paramref name="name"/> at <paramref name="seq"/> arrived; false when stale (drop it).</summary>
        public bool OnLoaded(string jobId, string name, long seq)
        {
            ArtifactSlot slot;
            if (jobId != JobId || !m_Slots.TryGetValue(name, out slot)) return false;
            slot.State = ArtifactState.Loaded;
            slot.LoadedSeq = Math.Max(slot.LoadedSeq, seq);
            slot.Error = "";
            Version++;
            return true;
        }

        /// <summary>Download or decoding failed; the same version is not tried again (a rewrite is).</summary>
        public void OnFailed(string jobId, string name, long seq, string error)
        {
            ArtifactSlot slot;
            if (jobId != JobId || !m_Slots.TryGetValue(name, out slot)) return;
            if (slot.LoadedSeq > 0)
            {
                slot.State = ArtifactState.Loaded; // keep showing the older picture
            }
            else
            {
                slot.State = ArtifactState.Failed;
                slot.LoadedSeq = -seq;
            }
            slot.Error = error ?? "";
            Version++;
        }

        /// <summary>The image in the large view: the one the user picked, else the newest loaded one.</summary>
        public ArtifactSlot Large
        {
            get
            {
                ArtifactSlot slot;
                if (m_Large != null && m_Slots.TryGetValue(m_Large, out slot)) return slot;
                foreach (var s in m_Shown)
                    if (s.State == ArtifactState.Loaded) return s;
                return null;
            }
        }

        public void PickLarge(string name)
        {
            if (name != null && !m_Slots.ContainsKey(name)) return;
            m_Large = name;
            Version++;
        }

        /// <summary>One-line caption of a slot: name, size and state.</summary>
        public static string Caption(ArtifactSlot slot)
        {
            var size = Formatting.Bytes(slot.Info.Size);
            switch (slot.State)
            {
                case ArtifactState.Loaded: return slot.Info.Name + " (" + size + ")";
                case ArtifactState.TooLarge: return slot.Info.Name + ": " + size + ", too large to preview";
                case ArtifactState.Unavailable: return slot.Info.Name + ": not readable by this backend";
                case ArtifactState.Failed: return slot.Info.Name + ": " + slot.Error;
                default: return slot.Info.Name + ": loading ...";
            }
        }
    }
}
