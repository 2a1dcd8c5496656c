// Minimal stand-in for the part of NUnit the package's Core tests use, so they run under Mono without NuGet.
// In Unity the same test files compile against the real nunit.framework (Unity Test Framework).
using System;
using System.Collections;
using System.Globalization;

namespace NUnit.Framework
{
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class TestFixtureAttribute : Attribute {}

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class TestAttribute : Attribute {}

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class SetUpAttribute : Attribute {}

    public delegate void TestDelegate();

    public sealed class AssertionException : Exception
    {
        public AssertionException(string message) : base(message) {}
    }

    public sealed class IgnoreException : Exception
    {
        public IgnoreException(string message) : base(message) {}
    }

    public static class Assert
    {
        public static void Ignore(string message) { throw new IgnoreException(message); }

        static string Show(object o)
        {
            if (o == null) return "null";
            if (o is string) return "\"" + o + "\"";
            if (o is double) return ((double)o).ToString("R", CultureInfo.InvariantCulture);
            return Convert.ToString(o, CultureInfo.InvariantCulture);
        }

        static void Fail(string what, string message)
        {
            throw new AssertionException(string.IsNullOrEmpty(message) ? what : message + ": " + what);
        }

        public static void Fail(string message) { throw new AssertionException(message); }

        public static void AreEqual(object expected, object actual) { AreEqual(expected, actual, null); }

        public static void AreEqual(object expected, object actual, string message)
        {
            if (expected == null ? actual == null : IsNumeric(expected) && IsNumeric(actual)
                    ? Convert.ToDouble(expected, CultureInfo.InvariantCulture) == Convert.ToDouble(actual, CultureInfo.InvariantCulture)
                    : expected.Equals(actual))
                return;
            Fail("expected " + Show(expected) + " but was " + Show(actual), message);
        }

        public static void AreEqual(double expected, double actual, double delta)
        {
            AreEqual(expected, actual, delta, null);
        }

        public static void AreEqual(double expected, double actual, double delta, string message)
        {
            if (Math.Abs(expected - actual) <= delta) return;
            Fail("expected " + Show(expected) + " +/- " + Show(delta) + " but was " + Show(actual), message);
        }

        public static void AreNotEqual(object notExpected, object actual)
        {
            if (Equals(notExpected, actual)) Fail("did not expect " + Show(actual), null);
        }

        static bool IsNumeric(object o)
        {
            return o is int || o is long || o is double || o is float || o is short || o is byte || o is decimal;
        }

        public static void IsTrue(bool condition) { IsTrue(condition, null); }
        public static void IsTrue(bool condition, string message) { if (!condition) Fail("expected true", message); }
        public static void IsFalse(bool condition) { IsFalse(condition, null); }
        public static void IsFalse(bool condition, string message) { if (condition) Fail("expected false", message); }
        public static void IsNull(object o) { IsNull(o, null); }
        public static void IsNull(object o, string message) { if (o != null) Fail("expected null but was " + Show(o), message); }
        public static void IsNotNull(object o) { IsNotNull(o, null); }
        public static void IsNotNull(object o, string message) { if (o == null) Fail("expected not null", message); }

        public static T Throws<T>(TestDelegate code) where T : Exception
        {
            try
            {
                code();
            }
            catch (T e)
            {
                if (e.GetType() != typeof(T))
                    Fail("expected " + typeof(T).Name + " but got " + e.GetType().Name, null);
                return e;
            }
            catch (Exception e)
            {
                Fail("expected " + typeof(T).Name + " but got " + e.GetType().Name + ": " + e.Message, null);
            }
            Fail("expected " + typeof(T).Name + " but nothing was thrown", null);
            return null;
        }
    }

    public static class StringAssert
    {
        public static void Contains(string expected, string actual)
        {
            if (actual == null || actual.IndexOf(expected, StringComparison.Ordinal) < 0)
                throw new AssertionException("expected \"" + actual + "\" to contain \"" + expected + "\"");
        }
    }

    public static class CollectionAssert
    {
        public static void AreEqual(IEnumerable expected, IEnumerable actual)
        {
            var e = expected.GetEnumerator();
            var a = actual.GetEnumerator();
            var i = 0;
            while (true)
            {
                var he = e.MoveNext();
                var ha = a.MoveNext();
                if (!he && !ha) return;
                if (he != ha) throw new AssertionException("collections differ in length at index " + i);
                if (!Equals(e.Current, a.Current))
                    throw new AssertionException("collections differ at index " + i + ": expected " + e.Current +
                        " but was " + a.Current);
                i++;
            }
        }

        public static void Contains(IEnumerable collection, object item)
        {
            foreach (var x in collection)
                if (Equals(x, item)) return;
            throw new AssertionException("collection does not contain " + item);
        }
    }
}
