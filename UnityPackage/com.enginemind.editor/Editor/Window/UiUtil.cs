using UnityEngine.UIElements;

namespace EngineMind.Editor.Window
{
    internal static class UiUtil
    {
        /// <summary>Assign text only when it changed: refresh runs every editor tick, layout should not.</summary>
        public static void SetText(TextElement element, string text)
        {
            text = text ?? "";
            if (element.text != text) element.text = text;
        }

        public static Label Section(string text)
        {
            var l = new Label(text);
            l.AddToClassList("em-section");
            return l;
        }
    }
}
