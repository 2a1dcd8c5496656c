// Compile-only stand-ins for UnityEngine.UIElements (see UnityEngine.cs for the rules).
using System;
using System.Collections.Generic;

namespace UnityEngine.UIElements
{
    public class VisualElement
    {
        public VisualElement() { throw null; }
        public string name { get { throw null; } set { throw null; } }
        public string tooltip { get { throw null; } set { throw null; } }
        public Rect contentRect { get { throw null; } }
        public VisualElementStyleSheetSet styleSheets { get { throw null; } }
        public Action<MeshGenerationContext> generateVisualContent { get { throw null; } set { throw null; } }
        public void Add(VisualElement child) { throw null; }
        public void Clear() { throw null; }
        public void AddToClassList(string className) { throw null; }
        public void RemoveFromClassList(string className) { throw null; }
        public void EnableInClassList(string className, bool enable) { throw null; }
        public void MarkDirtyRepaint() { throw null; }
        public void SetEnabled(bool value) { throw null; }
    }

    public struct VisualElementStyleSheetSet
    {
        public void Add(StyleSheet styleSheet) { throw null; }
    }

    public class StyleSheet : ScriptableObject {}

    public class BindableElement : VisualElement {}

    public class TextElement : BindableElement
    {
        public virtual string text { get { throw null; } set { throw null; } }
    }

    public class Label : TextElement
    {
        public Label(string text) { throw null; }
    }

    public class Button : TextElement
    {
        public Button(Action clickEvent) { throw null; }
    }

    public abstract class BaseField<TValueType> : BindableElement
    {
        public string label { get { throw null; } set { throw null; } }
        public virtual TValueType value { get { throw null; } set { throw null; } }
    }

    public abstract class TextInputBaseField<TValueType> : BaseField<TValueType>
    {
        public bool isPasswordField { get { throw null; } set { throw null; } }
        public bool isReadOnly { get { throw null; } set { throw null; } }
    }

    public class TextField : TextInputBaseField<string>
    {
        public TextField(string label) { throw null; }
        public bool multiline { get { throw null; } set { throw null; } }
    }

    public abstract class BaseBoolField : BaseField<bool> {}

    public class Toggle : BaseBoolField
    {
        public Toggle(string label) { throw null; }
    }

    public abstract class BasePopupField<TValueType, TValueChoice> : BaseField<TValueType>
    {
        public virtual List<TValueChoice> choices { get { throw null; } set { throw null; } }
    }

    public class PopupField<T> : BasePopupField<T, T>
    {
        public int index { get { throw null; } set { throw null; } }
    }

    public class DropdownField : PopupField<string>
    {
        public DropdownField(string label) { throw null; }
    }

    // Image (Modules/UIElements/Core/Controls/Image.cs): a VisualElement that draws `image` (a Texture) with
    // `scaleMode`; the Jobs tab shows job artifact PNGs with it.
    public class Image : VisualElement
    {
        public Image() { throw null; }
        public Texture image { get { throw null; } set { throw null; } }
        public ScaleMode scaleMode { get { throw null; } set { throw null; } }
    }

    public class ScrollView : VisualElement
    {
        public ScrollView() { throw null; }
    }

    public abstract class AbstractProgressBar : BindableElement
    {
        public float lowValue { get { throw null; } set { throw null; } }
        public float highValue { get { throw null; } set { throw null; } }
        public virtual float value { get { throw null; } set { throw null; } }
        public string title { get { throw null; } set { throw null; } }
    }

    public class ProgressBar : AbstractProgressBar {}

    public enum HelpBoxMessageType
    {
        None = 0,
        Info = 1,
        Warning = 2,
        Error = 3,
    }

    public class HelpBox : VisualElement
    {
        public HelpBox(string text, HelpBoxMessageType messageType) { throw null; }
        public string text { get { throw null; } set { throw null; } }
        public HelpBoxMessageType messageType { get { throw null; } set { throw null; } }
    }

    public class MeshGenerationContext
    {
        public Painter2D painter2D { get { throw null; } }
    }

    public class Painter2D
    {
        public Color strokeColor { get { throw null; } set { throw null; } }
        public float lineWidth { get { throw null; } set { throw null; } }
        public void BeginPath() { throw null; }
        public void MoveTo(Vector2 pos) { throw null; }
        public void LineTo(Vector2 pos) { throw null; }
        public void Stroke() { throw null; }
    }
}
