using Sztpd.Core.Yang;
using static Sztpd.Core.Tests.Yang.TestSchemas;

namespace Sztpd.Core.Tests.Yang;

public sealed class LeafrefTests
{
    private static readonly string Types = Module("types", """
        container device-types { list device-type { key name; leaf name { type string; } leaf-list tag { type string; } } }
        typedef type-ref { type leafref { path "/types:device-types/types:device-type/types:name"; } }
        """);

    [Fact]
    public void Leafref_AbsolutePathInImportedTypedef_ResolvesWithModuleNames()
    {
        var context = Compile(Types, Module("app", "import types { prefix ty; } leaf dt { type ty:type-ref; }"));

        var type = Leaf(context.Modules["app"], "dt").Type;
        Assert.Equal("/types:device-types/types:device-type/types:name", type.LeafrefPath);
        Assert.Same(Leaf(context.Modules["types"], "device-types/device-type/name"), type.LeafrefTarget);
        Assert.Same(type.LeafrefTarget, type.LeafrefTargetNode);
    }

    [Fact]
    public void Leafref_RelativePathWithPredicate_Resolves()
    {
        var module = CompileBody("""
            list server { key name; leaf name { type string; } list port { key n; leaf n { type uint16; } } }
            container use {
              leaf server { type leafref { path "../../t:server/t:name"; } }
              leaf port { type leafref { path "/server[name = current()/../server]/port/n"; require-instance false; } }
            }
            """);

        Assert.Same(Leaf(module, "server/name"), Leaf(module, "use/server").Type.LeafrefTarget);
        var port = Leaf(module, "use/port").Type;
        Assert.Same(Leaf(module, "server/port/n"), port.LeafrefTarget);
        Assert.False(port.RequireInstance);
    }

    [Fact]
    public void Leafref_ToLeafList_SetsTargetNode()
    {
        var context = Compile(Types, Module("app", "import types { prefix ty; } leaf t { type leafref { path /ty:device-types/ty:device-type/ty:tag; } }"));

        var type = Leaf(context.Modules["app"], "t").Type;
        Assert.Null(type.LeafrefTarget);
        Assert.IsType<LeafListNode>(type.LeafrefTargetNode);
    }

    [Fact]
    public void Leafref_InUnionAndGrouping_ResolvedPerUse()
    {
        var module = CompileBody("""
            grouping g { leaf a { type string; } leaf r { type union { type leafref { path "../a"; } type int8; } } }
            container one { uses g; }
            container two { uses g; }
            """);

        Assert.Same(Leaf(module, "one/a"), Leaf(module, "one/r").Type.UnionTypes[0].LeafrefTarget);
        Assert.Same(Leaf(module, "two/a"), Leaf(module, "two/r").Type.UnionTypes[0].LeafrefTarget);
    }

    [Fact]
    public void Leafref_InRpcInput_ReachesSiblings()
    {
        var module = CompileBody("rpc r { input { leaf a { type string; } leaf b { type leafref { path \"../a\"; } } } }");

        var input = ((OperationNode)module.Rpcs.Single()).Input!;
        Assert.Same(input.Children[0], ((LeafNode)input.Children[1]).Type.LeafrefTarget);
    }

    [Fact]
    public void Leafref_UnresolvablePath_IsAnErrorAtThePathStatement()
    {
        var e = Assert.Throws<YangException>(() => CompileBody("leaf a {\n  type leafref {\n    path \"/t:missing\";\n  }\n}"));

        Assert.Equal(7, e.Line);
        Assert.Contains("/t:missing", e.Message, StringComparison.Ordinal);
    }
}
