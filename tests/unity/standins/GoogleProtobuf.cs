// Compile-only stand-in for the part of Google.Protobuf (3.36.x) that protoc's C# output and the editor code use.
// Every body throws: this assembly exists only so mcs can type-check the package without NuGet packages.
// It is NOT checked against any index (tests/unity checks only the Unity stand-ins that way); the real
// Google.Protobuf.dll is what Unity compiles against.
using System;
using System.Collections;
using System.Collections.Generic;
using Google.Protobuf.Reflection;

namespace Google.Protobuf
{
    public interface IMessage
    {
        MessageDescriptor Descriptor { get; }
        void MergeFrom(CodedInputStream input);
        void WriteTo(CodedOutputStream output);
        int CalculateSize();
    }

    public interface IDeepCloneable<T> { T Clone(); }

    public interface IMessage<T> : IMessage, IEquatable<T>, IDeepCloneable<T> where T : IMessage<T>
    {
        void MergeFrom(T message);
    }

    public interface IBufferMessage : IMessage
    {
        void InternalMergeFrom(ref ParseContext ctx);
        void InternalWriteTo(ref WriteContext ctx);
    }

    public class MessageParser
    {
        public IMessage ParseFrom(byte[] data) { throw null; }
    }

    public sealed class MessageParser<T> : MessageParser where T : IMessage<T>
    {
        public MessageParser(Func<T> factory) { throw null; }
        public new T ParseFrom(byte[] data) { throw null; }
    }

    public sealed class Extension {}

    public static class ProtoPreconditions
    {
        public static T CheckNotNull<T>(T value, string name) where T : class { throw null; }
    }

    public static class MessageExtensions
    {
        public static byte[] ToByteArray(this IMessage message) { throw null; }
    }

    public sealed class ByteString : IEquatable<ByteString>
    {
        public static ByteString Empty { get { throw null; } }
        public int Length { get { throw null; } }
        public static ByteString CopyFrom(params byte[] bytes) { throw null; }
        public byte[] ToByteArray() { throw null; }
        public bool Equals(ByteString other) { throw null; }
        public static bool operator ==(ByteString a, ByteString b) { throw null; }
        public static bool operator !=(ByteString a, ByteString b) { throw null; }
        public override bool Equals(object obj) { throw null; }
        public override int GetHashCode() { throw null; }
    }

    public sealed class CodedInputStream
    {
        public uint ReadTag() { throw null; }
        public string ReadString() { throw null; }
        public int ReadInt32() { throw null; }
        public long ReadInt64() { throw null; }
        public double ReadDouble() { throw null; }
        public bool ReadBool() { throw null; }
        public int ReadEnum() { throw null; }
        public ByteString ReadBytes() { throw null; }
        public void ReadMessage(IMessage message) { throw null; }
        public void ReadRawMessage(IMessage message) { throw null; }
        public float ReadFloat() { throw null; }
        public uint ReadUInt32() { throw null; }
        public ulong ReadUInt64() { throw null; }
        public int ReadSInt32() { throw null; }
        public long ReadSInt64() { throw null; }
        public uint ReadFixed32() { throw null; }
        public ulong ReadFixed64() { throw null; }
        public int ReadSFixed32() { throw null; }
        public long ReadSFixed64() { throw null; }
        public void ReadGroup(IMessage message) { throw null; }
    }

    public sealed class CodedOutputStream
    {
        public void WriteRawTag(byte b1) { throw null; }
        public void WriteRawTag(byte b1, byte b2) { throw null; }
        public void WriteRawTag(byte b1, byte b2, byte b3) { throw null; }
        public void WriteString(string value) { throw null; }
        public void WriteInt32(int value) { throw null; }
        public void WriteInt64(long value) { throw null; }
        public void WriteDouble(double value) { throw null; }
        public void WriteBool(bool value) { throw null; }
        public void WriteEnum(int value) { throw null; }
        public void WriteBytes(ByteString value) { throw null; }
        public void WriteMessage(IMessage value) { throw null; }
        public void WriteRawMessage(IMessage value) { throw null; }
        public void WriteFloat(float value) { throw null; }
        public void WriteUInt32(uint value) { throw null; }
        public void WriteUInt64(ulong value) { throw null; }
        public void WriteSInt32(int value) { throw null; }
        public void WriteSInt64(long value) { throw null; }
        public void WriteFixed32(uint value) { throw null; }
        public void WriteFixed64(ulong value) { throw null; }
        public void WriteSFixed32(int value) { throw null; }
        public void WriteSFixed64(long value) { throw null; }
        public void WriteGroup(IMessage value) { throw null; }
        public static int ComputeUInt32Size(uint value) { throw null; }
        public static int ComputeUInt64Size(ulong value) { throw null; }
        public static int ComputeSInt32Size(int value) { throw null; }
        public static int ComputeSInt64Size(long value) { throw null; }
        public static int ComputeFixed32Size(uint value) { throw null; }
        public static int ComputeFixed64Size(ulong value) { throw null; }
        public static int ComputeSFixed32Size(int value) { throw null; }
        public static int ComputeSFixed64Size(long value) { throw null; }
        public static int ComputeBoolSize(bool value) { throw null; }
        public static int ComputeDoubleSize(double value) { throw null; }
        public static int ComputeFloatSize(float value) { throw null; }
        public static int ComputeGroupSize(IMessage value) { throw null; }
        public static int ComputeLengthSize(int length) { throw null; }
        public static int ComputeStringSize(string value) { throw null; }
        public static int ComputeInt32Size(int value) { throw null; }
        public static int ComputeInt64Size(long value) { throw null; }
        public static int ComputeEnumSize(int value) { throw null; }
        public static int ComputeBytesSize(ByteString value) { throw null; }
        public static int ComputeMessageSize(IMessage value) { throw null; }
    }

    public struct ParseContext
    {
        public uint ReadTag() { throw null; }
        public string ReadString() { throw null; }
        public int ReadInt32() { throw null; }
        public long ReadInt64() { throw null; }
        public double ReadDouble() { throw null; }
        public bool ReadBool() { throw null; }
        public int ReadEnum() { throw null; }
        public ByteString ReadBytes() { throw null; }
        public void ReadMessage(IMessage message) { throw null; }
        public float ReadFloat() { throw null; }
        public uint ReadUInt32() { throw null; }
        public ulong ReadUInt64() { throw null; }
        public int ReadSInt32() { throw null; }
        public long ReadSInt64() { throw null; }
        public uint ReadFixed32() { throw null; }
        public ulong ReadFixed64() { throw null; }
        public int ReadSFixed32() { throw null; }
        public long ReadSFixed64() { throw null; }
        public void ReadGroup(IMessage message) { throw null; }
    }

    public struct WriteContext
    {
        public void WriteRawTag(byte b1) { throw null; }
        public void WriteRawTag(byte b1, byte b2) { throw null; }
        public void WriteRawTag(byte b1, byte b2, byte b3) { throw null; }
        public void WriteString(string value) { throw null; }
        public void WriteInt32(int value) { throw null; }
        public void WriteInt64(long value) { throw null; }
        public void WriteDouble(double value) { throw null; }
        public void WriteBool(bool value) { throw null; }
        public void WriteEnum(int value) { throw null; }
        public void WriteBytes(ByteString value) { throw null; }
        public void WriteMessage(IMessage value) { throw null; }
        public void WriteFloat(float value) { throw null; }
        public void WriteUInt32(uint value) { throw null; }
        public void WriteUInt64(ulong value) { throw null; }
        public void WriteSInt32(int value) { throw null; }
        public void WriteSInt64(long value) { throw null; }
        public void WriteFixed32(uint value) { throw null; }
        public void WriteFixed64(ulong value) { throw null; }
        public void WriteSFixed32(int value) { throw null; }
        public void WriteSFixed64(long value) { throw null; }
        public void WriteGroup(IMessage value) { throw null; }
        public void WriteRawMessage(IMessage value) { throw null; }
    }

    public sealed class UnknownFieldSet
    {
        public static UnknownFieldSet Clone(UnknownFieldSet other) { throw null; }
        public static UnknownFieldSet MergeFrom(UnknownFieldSet unknownFields, UnknownFieldSet other) { throw null; }
        public static UnknownFieldSet MergeFieldFrom(UnknownFieldSet unknownFields, CodedInputStream input) { throw null; }
        public static UnknownFieldSet MergeFieldFrom(UnknownFieldSet unknownFields, ref ParseContext ctx) { throw null; }
        public void WriteTo(CodedOutputStream output) { throw null; }
        public void WriteTo(ref WriteContext ctx) { throw null; }
        public int CalculateSize() { throw null; }
    }

    public sealed class JsonParser
    {
        public static JsonParser Default { get { throw null; } }
        public T Parse<T>(string json) where T : IMessage, new() { throw null; }
    }

    public sealed class JsonFormatter
    {
        public static string ToDiagnosticString(IMessage message) { throw null; }
    }

    public static class FieldCodec
    {
        public static FieldCodec<string> ForString(uint tag) { throw null; }
        public static FieldCodec<string> ForString(uint tag, string defaultValue) { throw null; }
        public static FieldCodec<ByteString> ForBytes(uint tag) { throw null; }
        public static FieldCodec<ByteString> ForBytes(uint tag, ByteString defaultValue) { throw null; }
        public static FieldCodec<bool> ForBool(uint tag) { throw null; }
        public static FieldCodec<bool> ForBool(uint tag, bool defaultValue) { throw null; }
        public static FieldCodec<int> ForInt32(uint tag) { throw null; }
        public static FieldCodec<int> ForInt32(uint tag, int defaultValue) { throw null; }
        public static FieldCodec<int> ForSInt32(uint tag) { throw null; }
        public static FieldCodec<int> ForSInt32(uint tag, int defaultValue) { throw null; }
        public static FieldCodec<uint> ForFixed32(uint tag) { throw null; }
        public static FieldCodec<uint> ForFixed32(uint tag, uint defaultValue) { throw null; }
        public static FieldCodec<int> ForSFixed32(uint tag) { throw null; }
        public static FieldCodec<int> ForSFixed32(uint tag, int defaultValue) { throw null; }
        public static FieldCodec<uint> ForUInt32(uint tag) { throw null; }
        public static FieldCodec<uint> ForUInt32(uint tag, uint defaultValue) { throw null; }
        public static FieldCodec<long> ForInt64(uint tag) { throw null; }
        public static FieldCodec<long> ForInt64(uint tag, long defaultValue) { throw null; }
        public static FieldCodec<long> ForSInt64(uint tag) { throw null; }
        public static FieldCodec<long> ForSInt64(uint tag, long defaultValue) { throw null; }
        public static FieldCodec<ulong> ForFixed64(uint tag) { throw null; }
        public static FieldCodec<ulong> ForFixed64(uint tag, ulong defaultValue) { throw null; }
        public static FieldCodec<long> ForSFixed64(uint tag) { throw null; }
        public static FieldCodec<long> ForSFixed64(uint tag, long defaultValue) { throw null; }
        public static FieldCodec<ulong> ForUInt64(uint tag) { throw null; }
        public static FieldCodec<ulong> ForUInt64(uint tag, ulong defaultValue) { throw null; }
        public static FieldCodec<float> ForFloat(uint tag) { throw null; }
        public static FieldCodec<float> ForFloat(uint tag, float defaultValue) { throw null; }
        public static FieldCodec<double> ForDouble(uint tag) { throw null; }
        public static FieldCodec<double> ForDouble(uint tag, double defaultValue) { throw null; }
        public static FieldCodec<T> ForEnum<T>(uint tag, Func<T, int> toInt32, Func<int, T> fromInt32) { throw null; }
        public static FieldCodec<T> ForEnum<T>(uint tag, Func<T, int> toInt32, Func<int, T> fromInt32, T defaultValue) { throw null; }
        public static FieldCodec<T> ForMessage<T>(uint tag, MessageParser<T> parser) where T : class, IMessage<T> { throw null; }
        public static FieldCodec<T> ForGroup<T>(uint startTag, uint endTag, MessageParser<T> parser) where T : class, IMessage<T> { throw null; }
        public static FieldCodec<T> ForClassWrapper<T>(uint tag) where T : class { throw null; }
        public static FieldCodec<T?> ForStructWrapper<T>(uint tag) where T : struct { throw null; }
    }

    public sealed class FieldCodec<T> {}
}

namespace Google.Protobuf.Collections
{
    public sealed class RepeatedField<T> : IList<T>, IDeepCloneable<RepeatedField<T>>, IEquatable<RepeatedField<T>>
    {
        public RepeatedField<T> Clone() { throw null; }
        public void AddEntriesFrom(CodedInputStream input, FieldCodec<T> codec) { throw null; }
        public void AddEntriesFrom(ref ParseContext ctx, FieldCodec<T> codec) { throw null; }
        public void WriteTo(CodedOutputStream output, FieldCodec<T> codec) { throw null; }
        public void WriteTo(ref WriteContext ctx, FieldCodec<T> codec) { throw null; }
        public int CalculateSize(FieldCodec<T> codec) { throw null; }
        public void Add(IEnumerable<T> values) { throw null; }
        public bool Equals(RepeatedField<T> other) { throw null; }
        public T this[int index] { get { throw null; } set { throw null; } }
        public int Count { get { throw null; } }
        public bool IsReadOnly { get { throw null; } }
        public void Add(T item) { throw null; }
        public void Clear() { throw null; }
        public bool Contains(T item) { throw null; }
        public void CopyTo(T[] array, int arrayIndex) { throw null; }
        public IEnumerator<T> GetEnumerator() { throw null; }
        IEnumerator IEnumerable.GetEnumerator() { throw null; }
        public int IndexOf(T item) { throw null; }
        public void Insert(int index, T item) { throw null; }
        public bool Remove(T item) { throw null; }
        public void RemoveAt(int index) { throw null; }
    }

    public sealed class MapField<TKey, TValue> : IDictionary<TKey, TValue>, IDeepCloneable<MapField<TKey, TValue>>,
        IEquatable<MapField<TKey, TValue>>
    {
        public sealed class Codec
        {
            public Codec(FieldCodec<TKey> keyCodec, FieldCodec<TValue> valueCodec, uint mapTag) { throw null; }
        }

        public MapField<TKey, TValue> Clone() { throw null; }
        public void MergeFrom(IDictionary<TKey, TValue> entries) { throw null; }
        public void Add(IDictionary<TKey, TValue> entries) { throw null; }
        public void AddEntriesFrom(CodedInputStream input, Codec codec) { throw null; }
        public void AddEntriesFrom(ref ParseContext ctx, Codec codec) { throw null; }
        public void WriteTo(CodedOutputStream output, Codec codec) { throw null; }
        public void WriteTo(ref WriteContext ctx, Codec codec) { throw null; }
        public int CalculateSize(Codec codec) { throw null; }
        public bool Equals(MapField<TKey, TValue> other) { throw null; }
        public TValue this[TKey key] { get { throw null; } set { throw null; } }
        public ICollection<TKey> Keys { get { throw null; } }
        public ICollection<TValue> Values { get { throw null; } }
        public int Count { get { throw null; } }
        public bool IsReadOnly { get { throw null; } }
        public void Add(TKey key, TValue value) { throw null; }
        public void Add(KeyValuePair<TKey, TValue> item) { throw null; }
        public void Clear() { throw null; }
        public bool Contains(KeyValuePair<TKey, TValue> item) { throw null; }
        public bool ContainsKey(TKey key) { throw null; }
        public void CopyTo(KeyValuePair<TKey, TValue>[] array, int arrayIndex) { throw null; }
        public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator() { throw null; }
        IEnumerator IEnumerable.GetEnumerator() { throw null; }
        public bool Remove(TKey key) { throw null; }
        public bool Remove(KeyValuePair<TKey, TValue> item) { throw null; }
        public bool TryGetValue(TKey key, out TValue value) { throw null; }
    }

    public static class ProtobufEqualityComparers
    {
        public static EqualityComparer<double> BitwiseDoubleEqualityComparer { get { throw null; } }
        public static EqualityComparer<float> BitwiseSingleEqualityComparer { get { throw null; } }
        public static EqualityComparer<double?> BitwiseNullableDoubleEqualityComparer { get { throw null; } }
        public static EqualityComparer<float?> BitwiseNullableSingleEqualityComparer { get { throw null; } }
    }
}

namespace Google.Protobuf.Reflection
{
    public sealed class FileDescriptor
    {
        public static FileDescriptor FromGeneratedCode(byte[] descriptorData, FileDescriptor[] dependencies,
            GeneratedClrTypeInfo generatedCodeInfo) { throw null; }
        public IList<MessageDescriptor> MessageTypes { get { throw null; } }
        public IList<EnumDescriptor> EnumTypes { get { throw null; } }
    }

    public sealed class MessageDescriptor
    {
        public IList<MessageDescriptor> NestedTypes { get { throw null; } }
        public IList<EnumDescriptor> EnumTypes { get { throw null; } }
        public string FullName { get { throw null; } }
    }

    public sealed class EnumDescriptor {}

    public sealed class GeneratedClrTypeInfo
    {
        public GeneratedClrTypeInfo(Type[] generatedEnums, Extension[] extensions, GeneratedClrTypeInfo[] nestedTypes) { throw null; }
        public GeneratedClrTypeInfo(Type clrType, MessageParser parser, string[] propertyNames, string[] oneofNames,
            Type[] nestedEnums, Extension[] extensions, GeneratedClrTypeInfo[] nestedTypes) { throw null; }
    }

    [AttributeUsage(AttributeTargets.Field)]
    public sealed class OriginalNameAttribute : Attribute
    {
        public OriginalNameAttribute(string name) { throw null; }
        public bool PreferredAlias { get; set; }
    }
}

namespace Google.Protobuf.WellKnownTypes
{
    using Google.Protobuf.Collections;

    public static class StructReflection
    {
        public static FileDescriptor Descriptor { get { throw null; } }
    }

    public static class TimestampReflection
    {
        public static FileDescriptor Descriptor { get { throw null; } }
    }

    public static class DurationReflection
    {
        public static FileDescriptor Descriptor { get { throw null; } }
    }

    public static class EmptyReflection
    {
        public static FileDescriptor Descriptor { get { throw null; } }
    }

    public static class AnyReflection
    {
        public static FileDescriptor Descriptor { get { throw null; } }
    }

    public static class FieldMaskReflection
    {
        public static FileDescriptor Descriptor { get { throw null; } }
    }

    public static class WrappersReflection
    {
        public static FileDescriptor Descriptor { get { throw null; } }
    }

    /// <summary>Shared throwing implementation of the message interface for the well-known types below.</summary>
    public abstract class StandInMessage<T> : IMessage<T> where T : StandInMessage<T>
    {
        public MessageDescriptor Descriptor { get { throw null; } }
        public void MergeFrom(CodedInputStream input) { throw null; }
        public void MergeFrom(T message) { throw null; }
        public void WriteTo(CodedOutputStream output) { throw null; }
        public int CalculateSize() { throw null; }
        public bool Equals(T other) { throw null; }
        public T Clone() { throw null; }
    }

    public sealed class Timestamp : StandInMessage<Timestamp>
    {
        public static MessageParser<Timestamp> Parser { get { throw null; } }
        public long Seconds { get { throw null; } set { throw null; } }
        public int Nanos { get { throw null; } set { throw null; } }
        public DateTime ToDateTime() { throw null; }
        public static Timestamp FromDateTime(DateTime dateTime) { throw null; }
    }

    public sealed class Duration : StandInMessage<Duration>
    {
        public static MessageParser<Duration> Parser { get { throw null; } }
        public long Seconds { get { throw null; } set { throw null; } }
        public int Nanos { get { throw null; } set { throw null; } }
        public TimeSpan ToTimeSpan() { throw null; }
    }

    public sealed class Empty : StandInMessage<Empty>
    {
        public static MessageParser<Empty> Parser { get { throw null; } }
    }

    public sealed class Any : StandInMessage<Any>
    {
        public static MessageParser<Any> Parser { get { throw null; } }
    }

    public sealed class FieldMask : StandInMessage<FieldMask>
    {
        public static MessageParser<FieldMask> Parser { get { throw null; } }
    }

    public enum NullValue
    {
        NullValue = 0,
    }

    public sealed class Struct : IMessage<Struct>
    {
        public static MessageParser<Struct> Parser { get { throw null; } }
        public MapField<string, Value> Fields { get { throw null; } }
        public MessageDescriptor Descriptor { get { throw null; } }
        public void MergeFrom(CodedInputStream input) { throw null; }
        public void MergeFrom(Struct message) { throw null; }
        public void WriteTo(CodedOutputStream output) { throw null; }
        public int CalculateSize() { throw null; }
        public bool Equals(Struct other) { throw null; }
        public Struct Clone() { throw null; }
    }

    public sealed class ListValue : IMessage<ListValue>
    {
        public RepeatedField<Value> Values { get { throw null; } }
        public MessageDescriptor Descriptor { get { throw null; } }
        public void MergeFrom(CodedInputStream input) { throw null; }
        public void MergeFrom(ListValue message) { throw null; }
        public void WriteTo(CodedOutputStream output) { throw null; }
        public int CalculateSize() { throw null; }
        public bool Equals(ListValue other) { throw null; }
        public ListValue Clone() { throw null; }
    }

    public sealed class Value : IMessage<Value>
    {
        public enum KindOneofCase
        {
            None = 0,
            NullValue = 1,
            NumberValue = 2,
            StringValue = 3,
            BoolValue = 4,
            StructValue = 5,
            ListValue = 6,
        }

        public KindOneofCase KindCase { get { throw null; } }
        public double NumberValue { get { throw null; } set { throw null; } }
        public string StringValue { get { throw null; } set { throw null; } }
        public bool BoolValue { get { throw null; } set { throw null; } }
        public Struct StructValue { get { throw null; } set { throw null; } }
        public ListValue ListValue { get { throw null; } set { throw null; } }
        public static Value ForString(string value) { throw null; }
        public static Value ForNumber(double value) { throw null; }
        public static Value ForBool(bool value) { throw null; }
        public static Value ForNull() { throw null; }
        public static Value ForList(params Value[] values) { throw null; }
        public static Value ForStruct(Struct value) { throw null; }
        public MessageDescriptor Descriptor { get { throw null; } }
        public void MergeFrom(CodedInputStream input) { throw null; }
        public void MergeFrom(Value message) { throw null; }
        public void WriteTo(CodedOutputStream output) { throw null; }
        public int CalculateSize() { throw null; }
        public bool Equals(Value other) { throw null; }
        public Value Clone() { throw null; }
    }
}
