namespace EngineMind.Core
{
    public static class PackageVersion
    {
        /// <summary>Version of com.enginemind.editor; tests/unity checks it equals package.json's.</summary>
        public const string k_Value = "0.1.0";
    }
}
