using System.Runtime.CompilerServices;

// Plain C# (no UnityEngine/UnityEditor): compiled by Unity and, in CI, by Mono's mcs (tests/unity).
[assembly: InternalsVisibleTo("EngineMind.Editor")]
[assembly: InternalsVisibleTo("EngineMind.Editor.Tests")]
