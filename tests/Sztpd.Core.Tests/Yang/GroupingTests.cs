using Sztpd.Core.Yang;
using static Sztpd.Core.Tests.Yang.TestSchemas;

namespace Sztpd.Core.Tests.Yang;

public sealed class GroupingTests
{
    private static readonly string Library = Module("lib", """
        grouping endpoint {
          leaf host { type string; }
          leaf port { type uint16; default 80; }
          container tls { leaf enabled { type boolean; } }
          choice auth { leaf password { type string; } leaf token { type string; } }
        }
        """);

    [Fact]
    public void Uses_ImportedGrouping_NodesTakeTheUsingModule()
    {
        var context = Compile(Library, Module("app", "import lib { prefix l; } container server { uses l:endpoint; }"));

        var server = (ContainerNode)context.Modules["app"].DataNodes.Single();
        Assert.Equal(["host", "port", "tls", "auth"], server.Children.Select(c => c.Name));
        Assert.All(server.Children, c => Assert.Equal("app", c.Module.Name));
        Assert.Equal("/app:server/tls/enabled", ((ContainerNode)server.Children[2]).Children[0].Path);
    }

    [Fact]
    public void Uses_Refine_ChangesTheExpandedNodes()
    {
        var context = Compile(Library, Module("app", """
            import lib { prefix l; }
            container server {
              uses l:endpoint {
                refine port { default 443; description "HTTPS port"; }
                refine host { mandatory true; }
                refine tls { presence "TLS on"; }
                refine auth { default token; mandatory false; }
              }
            }
            """));

        var app = context.Modules["app"];
        Assert.Equal("443", Leaf(app, "server/port").Default);
        Assert.Equal("HTTPS port", Leaf(app, "server/port").Description);
        Assert.True(Leaf(app, "server/host").Mandatory);
        Assert.True(((ContainerNode)Node(app, "server/tls")).Presence);
        Assert.Equal("token", ((ChoiceNode)Node(app, "server/auth")).DefaultCase);
    }

    [Fact]
    public void Uses_RefineIfFeatureDisabled_RemovesTheNode()
    {
        var context = Compile(
            [Library, Module("app", "import lib { prefix l; } feature f; container s { uses l:endpoint { refine tls { if-feature f; } } }")],
            disabledFeatures: ["app:f"]);

        Assert.DoesNotContain(((ContainerNode)Node(context.Modules["app"], "s")).Children, c => c.Name == "tls");
    }

    [Fact]
    public void Uses_AugmentInsideUses_AddsToTheExpandedNode()
    {
        var context = Compile(Library, Module("app", """
            import lib { prefix l; }
            container s { uses l:endpoint { augment "tls" { leaf cipher { type string; } } augment "auth" { leaf cert { type binary; } } } }
            """));

        var app = context.Modules["app"];
        Assert.Equal(["enabled", "cipher"], ((ContainerNode)Node(app, "s/tls")).Children.Select(c => c.Name));
        Assert.Equal("binary", Leaf(app, "s/auth/cert/cert").Type.BaseType);
    }

    [Fact]
    public void Choice_ShorthandDataNode_GetsAnImplicitCase()
    {
        var context = Compile(Library, Module("app", "import lib { prefix l; } container s { uses l:endpoint; }"));

        var choice = (ChoiceNode)Node(context.Modules["app"], "s/auth");
        var @case = Assert.IsType<CaseNode>(choice.Children[0]);
        Assert.Equal("password", @case.Name);
        Assert.Equal("password", Assert.Single(@case.Children).Name);
        Assert.Equal("/app:s/password", @case.Children[0].Path);
        Assert.NotNull(((ContainerNode)Node(context.Modules["app"], "s")).FindDataChild("app", "token"));
    }

    [Fact]
    public void Augment_TopLevel_AppendsNodesInTheAugmentingNamespace()
    {
        var context = Compile(
            Module("base", "container top { leaf a { type string; } choice c { case x { leaf x { type string; } } } }"),
            Module("ext", """
                import base { prefix b; }
                augment "/b:top" { leaf added { type string; } }
                augment "/b:top/b:c" { case y { leaf y { type string; } } leaf z { type int8; } }
                """));

        var top = (ContainerNode)context.Modules["base"].DataNodes.Single();
        Assert.Equal(["a", "c", "added"], top.Children.Select(c => c.Name));
        Assert.Equal("ext", top.Children[2].Module.Name);
        Assert.Equal("/base:top/ext:added", top.Children[2].Path);
        Assert.Equal(["x", "y", "z"], ((ChoiceNode)top.Children[1]).Children.Select(c => c.Name));
    }

    [Fact]
    public void Augment_IntoRpcInput_AddsInputParameters()
    {
        var context = Compile(
            Module("base", "rpc go { input { leaf a { type string; } } }"),
            Module("ext", "import base { prefix b; } augment \"/b:go/b:input\" { leaf b { type string; } }"));

        var rpc = (OperationNode)context.Modules["base"].Rpcs.Single();
        Assert.Equal(["a", "b"], rpc.Input!.Children.Select(c => c.Name));
        Assert.Empty(rpc.Output!.Children);
    }

    [Fact]
    public void Augment_FromImportOnlyModule_IsNotApplied()
    {
        var sources = new[] { ("base.yang", Module("base", "container top { }")), ("ext.yang", Module("ext", "import base { prefix b; } augment /b:top { leaf x { type string; } }")) };

        var context = YangCompiler.Compile(sources, ["base"]);

        Assert.Empty(((ContainerNode)context.Modules["base"].DataNodes.Single()).Children);
    }

    [Fact]
    public void Uses_UnknownGrouping_IsAnErrorWithFileAndLine()
    {
        var e = Error(Module("app", "container s {\n  uses missing;\n}"));

        Assert.Equal("app.yang", e.FileName);
        Assert.Equal(6, e.Line);
        Assert.Contains("grouping 'missing'", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("app.yang:6:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uses_RecursiveGrouping_IsAnError()
    {
        var e = Error(Module("app", "grouping g { container c { uses g; } } uses g;"));

        Assert.Contains("uses itself", e.Message, StringComparison.Ordinal);
    }
}
