using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using EngineMind.Core.Humanoid;
using EngineMind.Editor.Skeleton;
using UnityEditor;
using UnityEngine;
using UnityEngine.UIElements;

namespace EngineMind.Editor.Window
{
    /// <summary>
    /// Selected model -> Transform hierarchy -> bone mapping (target unity_humanoid) -> review low-confidence bones ->
    /// Humanoid Avatar asset. The mapping comes from the backend's Skeleton.MapSkeleton, or from a mapping-result JSON
    /// file (DESIGN.md section 4) when working offline; corrections go back with SubmitMappingFeedback.
    /// </summary>
    internal sealed class SkeletonTab : IDashboardTab
    {
        const string k_Unmapped = "(unmapped)";

        readonly DashboardController m_Owner;
        readonly Label m_Model = new Label("select a model in the scene or project, then press Use selection");
        readonly TextField m_MappingPath = new TextField("Mapping result JSON");
        readonly Label m_Problems = new Label("");
        readonly VisualElement m_Review = new VisualElement();
        readonly Dictionary<int, DropdownField> m_Pickers = new Dictionary<int, DropdownField>();
        GameObject m_Root;
        List<SkeletonNode> m_Nodes;
        MappingResult m_Mapping;
        HumanoidPlan m_Plan;
        bool m_FromBackend;

        public SkeletonTab(DashboardController owner)
        {
            m_Owner = owner;
            Root = new VisualElement();
            Root.Add(UiUtil.Section("1. Model"));
            var modelRow = new VisualElement();
            modelRow.AddToClassList("em-row");
            m_Model.AddToClassList("em-grow");
            modelRow.Add(m_Model);
            modelRow.Add(new Button(UseSelection) { text = "Use selection" });
            modelRow.Add(new Button(SaveSkeletonJson) { text = "Save skeleton JSON..." });
            Root.Add(modelRow);

            Root.Add(UiUtil.Section("2. Mapping (target unity_humanoid)"));
            Root.Add(new Button(MapWithBackend) { text = "Map with backend" });
            var mapRow = new VisualElement();
            mapRow.AddToClassList("em-row");
            m_MappingPath.AddToClassList("em-grow");
            mapRow.Add(m_MappingPath);
            mapRow.Add(new Button(BrowseMapping) { text = "Browse..." });
            mapRow.Add(new Button(LoadMapping) { text = "Load" });
            Root.Add(mapRow);

            Root.Add(UiUtil.Section("3. Review"));
            m_Problems.AddToClassList("em-notice");
            Root.Add(m_Problems);
            Root.Add(m_Review);
            Root.Add(new Button(BuildAvatar) { text = "Build Humanoid Avatar..." });
        }

        public string Title { get { return "Skeleton"; } }
        public VisualElement Root { get; private set; }

        public void Refresh(double now) {}


        void UseSelection()
        {
            var go = Selection.activeGameObject;
            if (go == null)
            {
                m_Owner.Notify("select a model (a GameObject with a skeleton) first");
                return;
            }
            m_Root = go;
            m_Nodes = HierarchyReader.Read(go);
            m_Model.text = go.name + ": " + m_Nodes.Count + " transforms";
            Replan();
        }

        void SaveSkeletonJson()
        {
            if (m_Nodes == null)
            {
                m_Owner.Notify("press Use selection first");
                return;
            }
            var path = EditorUtility.SaveFilePanel("Save skeleton JSON", "", m_Root.name + ".skeleton.json", "json");
            if (string.IsNullOrEmpty(path)) return;
            File.WriteAllText(path, SkeletonJson.Serialize(m_Nodes));
            m_Owner.Notify("saved " + path + " (map it with target unity_humanoid, then load the result here)");
        }

        void BrowseMapping()
        {
            var path = EditorUtility.OpenFilePanel("Mapping result JSON", "", "json");
            if (!string.IsNullOrEmpty(path)) m_MappingPath.value = path;
        }

        void MapWithBackend()
        {
            if (m_Nodes == null)
            {
                m_Owner.Notify("press Use selection first");
                return;
            }
            var nodes = m_Nodes;
            m_Owner.MapSkeleton(SkeletonRequest.MapJson(nodes, MappingResult.k_UnityTarget), response =>
            {
                if (nodes != m_Nodes) return; // the selection changed meanwhile
                m_Mapping = MappingResult.Parse(response.ResultJson);
                m_FromBackend = true;
                m_Pickers.Clear();
                Replan();
                var notes = m_Mapping.Warnings;
                m_Owner.Notify("mapped " + m_Mapping.Mapping.Count + " bones with " + response.Engine +
                    (notes.Count > 0 ? ": " + string.Join("; ", notes.ToArray()) : ""));
            });
        }

        void LoadMapping()
        {
            try
            {
                m_Mapping = MappingResult.Parse(File.ReadAllText(m_MappingPath.value.Trim()));
            }
            catch (Exception e)
            {
                m_Owner.Notify("could not read the mapping: " + e.Message);
                return;
            }
            m_FromBackend = false;
            var targetProblem = m_Mapping.CheckTarget();
            if (targetProblem != null) m_Owner.Notify(targetProblem);
            m_Pickers.Clear();
            Replan();
        }

        Dictionary<string, string> Overrides()
        {
            var overrides = new Dictionary<string, string>();
            if (m_Plan == null) return overrides;
            foreach (var kv in m_Pickers)
            {
                var current = m_Plan.ForHuman(kv.Key);
                var chosen = kv.Value.value;
                var before = current != null ? current.SourceBone : k_Unmapped;
                if (chosen == before) continue;
                if (current != null) overrides[current.SourceBone] = "";
                if (chosen != k_Unmapped) overrides[chosen] = HumanoidBones.k_Names[kv.Key];
            }
            return overrides;
        }

        void Replan()
        {
            if (m_Nodes == null || m_Mapping == null) return;
            m_Plan = HumanoidMapper.Plan(m_Nodes, m_Mapping.Mapping, m_Mapping.Confidence, Overrides(),
                HumanoidMapper.k_DefaultReviewThreshold);
            DrawReview();
        }

        void DrawReview()
        {
            m_Review.Clear();
            m_Pickers.Clear();
            var lines = new List<string>();
            foreach (var e in m_Plan.Errors) lines.Add("error: " + e);
            foreach (var w in m_Plan.Warnings) lines.Add("note: " + w);
            m_Problems.text = lines.Count == 0 ? "mapping is complete" : string.Join("\n", lines.ToArray());
            var choices = new List<string> { k_Unmapped };
            foreach (var n in m_Nodes) choices.Add(n.Name);
            foreach (var i in HumanoidBones.InHierarchyOrder())
            {
                var a = m_Plan.ForHuman(i);
                var needs = a == null ? HumanoidBones.IsRequired(i) : a.NeedsReview;
                if (!needs) continue;
                var picker = new DropdownField(HumanoidBones.k_Names[i]);
                picker.choices = choices;
                picker.value = a == null ? k_Unmapped : a.SourceBone;
                picker.tooltip = a == null ? "required bone, not mapped" :
                    "confidence " + a.Confidence.ToString("0.00", CultureInfo.InvariantCulture);
                picker.AddToClassList("em-review");
                m_Pickers[i] = picker;
                m_Review.Add(picker);
            }
        }

        void BuildAvatar()
        {
            if (m_Root == null || m_Mapping == null)
            {
                m_Owner.Notify("choose a model and load its mapping first");
                return;
            }
            var plan = HumanoidMapper.Plan(m_Nodes, m_Mapping.Mapping, m_Mapping.Confidence, Overrides(),
                HumanoidMapper.k_DefaultReviewThreshold);
            if (!plan.IsValid)
            {
                m_Plan = plan;
                DrawReview();
                m_Owner.Notify("fix the errors in the review list first");
                return;
            }
            try
            {
                var path = AvatarWriter.BuildAndSave(m_Root, m_Nodes, plan);
                if (path == null) return;
                m_Owner.Notify("saved " + path);
                if (plan.Corrections.Count > 0 && m_FromBackend)
                    m_Owner.SubmitMappingFeedback(SkeletonRequest.FeedbackJson(m_Nodes, MappingResult.k_UnityTarget,
                        plan.Corrections, "unity-dashboard: corrected before building " + path));
                else if (plan.Corrections.Count > 0)
                    Debug.Log("EngineMind mapping corrections (offline mapping, not sent): " +
                        MappingResult.FeedbackJson(plan.Corrections, MappingResult.k_UnityTarget));
            }
            catch (Exception e)
            {
                Debug.LogException(e);
                m_Owner.Notify(e.Message);
            }
        }
    }
}
