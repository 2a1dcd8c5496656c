using System.Runtime.CompilerServices;

// Generated protobuf types are internal (protoc --csharp_opt=internal_access); tests reach them through this.
[assembly: InternalsVisibleTo("EngineMind.Editor.Tests")]
