// Compile-only stand-ins for the UnityEngine types the package uses. Every type and member here must exist in
// ../shared/unity_api/unity_api_index.json with a matching signature and be present in 2022.3
// (tests/unity/test_standins_in_api_index.py checks that), so the package cannot call invented APIs.
using System;

namespace UnityEngine
{
    public class Object
    {
        public string name { get { throw null; } set { throw null; } }
        public static void DestroyImmediate(Object obj) { throw null; }
        public static bool operator ==(Object x, Object y) { throw null; }
        public static bool operator !=(Object x, Object y) { throw null; }
        public override bool Equals(object other) { throw null; }
        public override int GetHashCode() { throw null; }
    }

    public class ScriptableObject : Object {}

    public class Component : Object
    {
        public Transform transform { get { throw null; } }
        public GameObject gameObject { get { throw null; } }
        public T[] GetComponentsInChildren<T>(bool includeInactive) { throw null; }
    }

    public class Transform : Component
    {
        protected Transform() { throw null; }
        public Transform parent { get { throw null; } set { throw null; } }
        public Vector3 localPosition { get { throw null; } set { throw null; } }
        public Quaternion localRotation { get { throw null; } set { throw null; } }
        public Vector3 localScale { get { throw null; } set { throw null; } }
        public int childCount { get { throw null; } }
        public Transform GetChild(int index) { throw null; }
    }

    public sealed class GameObject : Object
    {
        public Transform transform { get { throw null; } }
        public T[] GetComponentsInChildren<T>(bool includeInactive) { throw null; }
    }

    public struct Vector3
    {
        public float x;
        public float y;
        public float z;
        public Vector3(float x, float y, float z) { throw null; }
    }

    public struct Vector2
    {
        public float x;
        public float y;
        public Vector2(float x, float y) { throw null; }
    }

    public struct Quaternion
    {
        public float x;
        public float y;
        public float z;
        public float w;
        public Quaternion(float x, float y, float z, float w) { throw null; }
    }

    public struct Color
    {
        public float r;
        public float g;
        public float b;
        public float a;
        public Color(float r, float g, float b, float a) { throw null; }
    }

    public struct Rect
    {
        public float width { get { throw null; } set { throw null; } }
        public float height { get { throw null; } set { throw null; } }
    }

    // Texture (Runtime/Export/Graphics/Texture.bindings.cs): width/height are virtual get/set properties.
    public class Texture : Object
    {
        protected Texture() { throw null; }
        public virtual int width { get { throw null; } set { throw null; } }
        public virtual int height { get { throw null; } set { throw null; } }
    }

    // Texture2D(int width, int height): "Create a new empty texture" (RGBA32, mipmaps); the Jobs tab then fills it with
    // ImageConversion.LoadImage, which resizes it to the picture.
    public sealed class Texture2D : Texture
    {
        public Texture2D(int width, int height) { throw null; }
    }

    // ImageConversion.LoadImage (Modules/ImageConversion/ScriptBindings/ImageConversion.bindings.cs): "Loads PNG/JPG
    // image byte array into a texture ... the texture will be resized"; returns false when the data is not an image.
    public static class ImageConversion
    {
        public static bool LoadImage(this Texture2D tex, byte[] data) { throw null; }
    }

    // ScaleMode (Modules/IMGUI/GUIEnums.cs): how UIElements.Image fits its texture; ScaleToFit keeps the aspect ratio.
    public enum ScaleMode
    {
        StretchToFill = 0,
        ScaleAndCrop = 1,
        ScaleToFit = 2,
    }

    public sealed class Debug
    {
        public static void Log(object message) { throw null; }
        public static void LogWarning(object message) { throw null; }
        public static void LogError(object message) { throw null; }
        public static void LogException(Exception exception) { throw null; }
    }

    public class GUIContent
    {
        public GUIContent(string text) { throw null; }
    }

    public class Avatar : Object
    {
        public bool isValid { get { throw null; } }
        public bool isHuman { get { throw null; } }
    }

    public class AvatarBuilder
    {
        public static Avatar BuildHumanAvatar(GameObject go, HumanDescription humanDescription) { throw null; }
    }

    public struct HumanDescription
    {
        public HumanBone[] human;
        public SkeletonBone[] skeleton;
        public float upperArmTwist { get { throw null; } set { throw null; } }
        public float lowerArmTwist { get { throw null; } set { throw null; } }
        public float upperLegTwist { get { throw null; } set { throw null; } }
        public float lowerLegTwist { get { throw null; } set { throw null; } }
        public float armStretch { get { throw null; } set { throw null; } }
        public float legStretch { get { throw null; } set { throw null; } }
        public float feetSpacing { get { throw null; } set { throw null; } }
        public bool hasTranslationDoF { get { throw null; } set { throw null; } }
    }

    public struct HumanBone
    {
        public string boneName { get { throw null; } set { throw null; } }
        public string humanName { get { throw null; } set { throw null; } }
        public HumanLimit limit;
    }

    public struct HumanLimit
    {
        public bool useDefaultValues { get { throw null; } set { throw null; } }
    }

    public struct SkeletonBone
    {
        public string name;
        public Vector3 position;
        public Quaternion rotation;
        public Vector3 scale;
    }

    // Values as declared in UnityCsReference Modules/Animation/ScriptBindings/Avatar.bindings.cs: UpperChest is declared
    // after Chest but is 54 (tests/unity/api_index.py checks every value)
    public enum HumanBodyBones
    {
        Hips = 0, LeftUpperLeg = 1, RightUpperLeg = 2, LeftLowerLeg = 3, RightLowerLeg = 4, LeftFoot = 5, RightFoot = 6,
        Spine = 7, Chest = 8, UpperChest = 54, Neck = 9, Head = 10, LeftShoulder = 11, RightShoulder = 12,
        LeftUpperArm = 13, RightUpperArm = 14, LeftLowerArm = 15, RightLowerArm = 16, LeftHand = 17, RightHand = 18,
        LeftToes = 19, RightToes = 20, LeftEye = 21, RightEye = 22, Jaw = 23,
        LeftThumbProximal = 24, LeftThumbIntermediate = 25, LeftThumbDistal = 26,
        LeftIndexProximal = 27, LeftIndexIntermediate = 28, LeftIndexDistal = 29,
        LeftMiddleProximal = 30, LeftMiddleIntermediate = 31, LeftMiddleDistal = 32,
        LeftRingProximal = 33, LeftRingIntermediate = 34, LeftRingDistal = 35,
        LeftLittleProximal = 36, LeftLittleIntermediate = 37, LeftLittleDistal = 38,
        RightThumbProximal = 39, RightThumbIntermediate = 40, RightThumbDistal = 41,
        RightIndexProximal = 42, RightIndexIntermediate = 43, RightIndexDistal = 44,
        RightMiddleProximal = 45, RightMiddleIntermediate = 46, RightMiddleDistal = 47,
        RightRingProximal = 48, RightRingIntermediate = 49, RightRingDistal = 50,
        RightLittleProximal = 51, RightLittleIntermediate = 52, RightLittleDistal = 53,
        LastBone = 55
    }

    public sealed class HumanTrait
    {
        public static string[] BoneName { get { throw null; } }
        public static int BoneCount { get { throw null; } }
    }
}
