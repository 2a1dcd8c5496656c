using System.Collections.Generic;
using EngineMind.Core.Format;
using EngineMind.Core.Json;
using EngineMind.Core.Models;
using NUnit.Framework;

namespace EngineMind.Tests
{
    [TestFixture]
    public class FormattingTests
    {
        [Test]
        public void Durations()
        {
            Assert.AreEqual("0s", Formatting.Duration(0.2));
            Assert.AreEqual("59s", Formatting.Duration(59));
            Assert.AreEqual("3m 05s", Formatting.Duration(185));
            Assert.AreEqual("2h 07m", Formatting.Duration(2 * 3600 + 7 * 60 + 30));
            Assert.AreEqual("3d 04h", Formatting.Duration(3 * 86400 + 4 * 3600));
            Assert.AreEqual("-", Formatting.Duration(-1));
            Assert.AreEqual("ETA unknown", Formatting.Eta(-1));
        }

        [Test]
        public void BytesPercentMetrics()
        {
            Assert.AreEqual("512 B", Formatting.Bytes(512));
            Assert.AreEqual("1.5 KiB", Formatting.Bytes(1536));
            Assert.AreEqual("20 MiB", Formatting.Bytes(20L * 1024 * 1024));
            Assert.AreEqual("99%", Formatting.Percent(0.999));
            Assert.AreEqual("", Formatting.Percent(-1));
            Assert.AreEqual("0.1235", Formatting.Metric(0.123456));
            Assert.AreEqual("1.2e-5", Formatting.Metric(0.000012));
            Assert.AreEqual("12.346", Formatting.Metric(12.34567));
            Assert.AreEqual("NaN", Formatting.Metric(double.NaN));
            Assert.AreEqual("acc 0.9  loss 0.25",
                Formatting.MetricList(new Dictionary<string, double> { { "loss", 0.25 }, { "acc", 0.9 } }));
        }

        [Test]
        public void AgesAndTimes()
        {
            Assert.AreEqual("just now", Formatting.Age(100, 102));
            Assert.AreEqual("5 min ago", Formatting.Age(100, 100 + 5 * 60 + 10));
            Assert.AreEqual("-", Formatting.Age(0, 10));
            Assert.AreEqual("1970-01-02 00:00:00", Formatting.UtcTime(86400));
            Assert.AreEqual("abcd\u2026", Formatting.ShortId("abcdefgh", 4));
        }

        [Test]
        public void AliasRules()
        {
            Assert.IsNull(EngineMind.Core.Models.AliasRules.Validate("production"));
            Assert.IsNotNull(EngineMind.Core.Models.AliasRules.Validate(""));
            Assert.IsNotNull(EngineMind.Core.Models.AliasRules.Validate("has space"));
            Assert.IsNotNull(EngineMind.Core.Models.AliasRules.Validate("7"));
            var row = new ModelRow { Model = "m", Version = 2 };
            row.Aliases.Add("latest");
            Assert.AreEqual("m v2", row.Title);
            Assert.AreEqual("[latest]", row.AliasText);
        }

        [Test]
        public void JsonRoundTrip()
        {
            var text = "{\"a\": [1, 2.5, \"x\\n\\u00e9\", true, null], \"b\": {\"c\": -3e2}}";
            var obj = MiniJson.ParseObject(text);
            var again = MiniJson.ParseObject(MiniJson.Serialize(obj));
            var a = (List<object>)again["a"];
            Assert.AreEqual(2.5, (double)a[1], 0);
            Assert.AreEqual("x\n\u00e9", a[2]);
            Assert.IsNull(a[4]);
            Assert.AreEqual(-300.0, (double)((Dictionary<string, object>)again["b"])["c"], 0);
            Assert.Throws<System.FormatException>(() => MiniJson.Parse("{\"a\": 1} x"));
            Assert.Throws<System.FormatException>(() => MiniJson.Parse("[1, 2"));
        }
    }
}
