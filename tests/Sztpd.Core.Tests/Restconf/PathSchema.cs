using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;
using static Sztpd.Core.Tests.Yang.TestSchemas;

namespace Sztpd.Core.Tests.Restconf;

/// <summary>The schema the path parser tests address: module <c>t</c>, module <c>aug</c> augmenting it, and an import-only module <c>lib</c>.</summary>
internal static class PathSchema
{
    public static SchemaContext Context { get; } = YangCompiler.Compile(
        [
            ("t.yang", Module("t", """
                import lib { prefix l; }
                container top {
                  leaf name { type string; }
                  leaf-list tag { type string; }
                  list item {
                    key "a b";
                    leaf a { type string; }
                    leaf b { type int32; }
                    container detail { leaf note { type string; } }
                  }
                  list one { key id; leaf id { type string; } }
                  choice transport { case tcp { leaf port { type uint16; } } }
                }
                """)),
            ("aug.yang", Module("aug", """
                import t { prefix t; }
                augment /t:top { leaf extra { type string; } container box { leaf inside { type string; } } }
                """)),
            ("lib.yang", Module("lib", "container hidden { leaf x { type string; } }")),
        ],
        ["t", "aug"]);

    public static ResourcePath Parse(string rawPath)
    {
        var path = ResourcePathParser.Parse(Context, rawPath, out var error);
        Assert.Null(error);
        return Assert.IsType<ResourcePath>(path);
    }

    public static RestconfError Error(string rawPath)
    {
        var path = ResourcePathParser.Parse(Context, rawPath, out var error);
        Assert.Null(path);
        return Assert.IsType<RestconfError>(error);
    }
}
