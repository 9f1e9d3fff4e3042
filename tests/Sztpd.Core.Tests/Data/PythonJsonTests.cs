using System.Text.Json.Nodes;
using Sztpd.Core.Data;

namespace Sztpd.Core.Tests.Data;

/// <summary>The bytes Python's <c>json.dumps(obj, indent=2)</c> writes (the expected texts are Python 3's own output).</summary>
public sealed class PythonJsonTests
{
    [Fact]
    public void Dumps_EscapesLikePython_AndIndentsByTwo()
    {
        var node = new JsonObject
        {
            ["a"] = "q\"b\\s/\n\r\t\b\f\u0001\u007f\u00e9\u20ac\U0001F600~ ",
            ["e"] = new JsonObject(),
            ["l"] = new JsonArray(),
            ["n"] = new JsonArray(1, 2.5, true, null, new JsonObject { ["x"] = "y" }),
        };

        Assert.Equal("""
            {
              "a": "q\"b\\s/\n\r\t\b\f\u0001\u007f\u00e9\u20ac\ud83d\ude00~ ",
              "e": {},
              "l": [],
              "n": [
                1,
                2.5,
                true,
                null,
                {
                  "x": "y"
                }
              ]
            }
            """.ReplaceLineEndings("\n"), PythonJson.Dumps(node));
    }

    [Fact]
    public void Dumps_LongString_KeepsEveryCharacter()
    {
        var text = string.Concat(Enumerable.Repeat("MIIB+zCCAaGgAwIBAgIU/0=", 200));
        Assert.Equal("\"" + text + "\"", PythonJson.Dumps(JsonValue.Create(text)));
        Assert.Equal("\"" + text + "\\\"\"", PythonJson.Dumps(JsonValue.Create(text + "\"")));
    }
}
