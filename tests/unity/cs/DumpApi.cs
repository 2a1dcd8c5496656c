// Prints every public type and member declared in the given assemblies as JSON (one object per line), so
// tests/unity can check the Unity stand-ins against ../shared/unity_api/unity_api_index.json.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;

public static class DumpApi
{
    const BindingFlags k_Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static |
        BindingFlags.DeclaredOnly;

    public static int Main(string[] args)
    {
        foreach (var path in args)
        {
            var asm = Assembly.LoadFrom(path);
            foreach (var t in asm.GetTypes().Where(t => t.IsPublic || t.IsNestedPublic).OrderBy(t => t.FullName))
                Console.WriteLine(DumpType(t));
        }
        return 0;
    }

    static string Name(Type t)
    {
        var name = t.FullName ?? t.Name;
        var tick = name.IndexOf('`');
        if (tick >= 0)
        {
            // keep nested parts after the generic arity, e.g. Foo`1+Bar
            var rest = name.Substring(tick + 1);
            var plus = rest.IndexOf('+');
            name = name.Substring(0, tick) + (plus >= 0 ? rest.Substring(plus) : "");
        }
        return name.Replace('+', '.');
    }

    static string Kind(Type t)
    {
        if (t.IsEnum) return "enum";
        if (t.IsInterface) return "interface";
        if (t.IsValueType) return "struct";
        if (typeof(Delegate).IsAssignableFrom(t)) return "delegate";
        return "class";
    }

    static string DumpType(Type t)
    {
        var members = new List<string>();
        var kind = Kind(t);
        var enumMembers = new List<string>();
        var enumValues = new List<string>();
        if (kind == "enum")
        {
            foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                enumMembers.Add(f.Name);
                enumValues.Add(Q(f.Name) + ":" + Convert.ToInt64(f.GetRawConstantValue()));
            }
        }
        else if (kind != "delegate")
        {
            foreach (var c in t.GetConstructors(BindingFlags.Public | BindingFlags.Instance))
                members.Add(Member(".ctor", "ctor", false, c.GetParameters()));
            foreach (var m in t.GetMethods(k_Declared))
            {
                if (m.IsSpecialName && !m.Name.StartsWith("op_", StringComparison.Ordinal)) continue;
                if (m.Name.StartsWith("op_", StringComparison.Ordinal))
                    members.Add(Member("operator", "operator", true, m.GetParameters()));
                else
                    members.Add(Member(m.Name, "method", m.IsStatic, m.GetParameters()));
            }
            foreach (var p in t.GetProperties(k_Declared))
            {
                var acc = p.GetGetMethod() ?? p.GetSetMethod();
                var idx = p.GetIndexParameters().Length;
                members.Add(Member(idx > 0 ? "this[]" : p.Name, "property", acc != null && acc.IsStatic, p.GetIndexParameters()));
            }
            foreach (var f in t.GetFields(k_Declared))
                members.Add(Member(f.Name, "field", f.IsStatic, new ParameterInfo[0]));
            foreach (var e in t.GetEvents(k_Declared))
                members.Add(Member(e.Name, "event", e.GetAddMethod().IsStatic, new ParameterInfo[0]));
        }
        var baseType = t.BaseType != null && t.BaseType.IsGenericType ? t.BaseType.GetGenericTypeDefinition() : t.BaseType;
        var baseName = baseType != null && kind == "class" ? Name(baseType) : "";
        var sb = new StringBuilder();
        sb.Append("{\"type\":").Append(Q(Name(t))).Append(",\"kind\":").Append(Q(kind));
        sb.Append(",\"base\":").Append(Q(baseName));
        sb.Append(",\"interfaces\":[").Append(string.Join(",", t.GetInterfaces().Select(i => Q(Name(i))).ToArray())).Append(']');
        sb.Append(",\"members\":[").Append(string.Join(",", members.ToArray())).Append(']');
        sb.Append(",\"enum_members\":[").Append(string.Join(",", enumMembers.Select(Q).ToArray())).Append(']');
        sb.Append(",\"enum_values\":{").Append(string.Join(",", enumValues.ToArray())).Append("}}");
        return sb.ToString();
    }

    static readonly Dictionary<Type, string> k_Keywords = new Dictionary<Type, string>
    {
        { typeof(string), "string" }, { typeof(int), "int" }, { typeof(float), "float" }, { typeof(bool), "bool" },
        { typeof(double), "double" }, { typeof(long), "long" }, { typeof(object), "object" }, { typeof(void), "void" },
        { typeof(char), "char" }, { typeof(byte), "byte" }, { typeof(uint), "uint" },
    };

    /// <summary>Simple type name as the index writes it ("string", "List", "Type[]"); "?" for generic parameters.</summary>
    static string TypeName(Type t)
    {
        if (t.IsByRef) t = t.GetElementType();
        if (t.IsArray) return TypeName(t.GetElementType()) + "[]";
        if (t.IsGenericParameter) return "?";
        string k;
        if (k_Keywords.TryGetValue(t, out k)) return k;
        var n = t.Name;
        var tick = n.IndexOf('`');
        return tick >= 0 ? n.Substring(0, tick) : n;
    }

    static string Member(string name, string kind, bool isStatic, ParameterInfo[] parameters)
    {
        var types = parameters.Select(p => Q(TypeName(p.ParameterType))).ToArray();
        return "{\"name\":" + Q(name) + ",\"kind\":" + Q(kind) + ",\"static\":" + (isStatic ? "true" : "false") +
            ",\"params\":[" + string.Join(",", types) + "]}";
    }

    static string Q(string s)
    {
        return "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }
}
