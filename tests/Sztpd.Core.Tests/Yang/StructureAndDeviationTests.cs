using Sztpd.Core.Yang;
using static Sztpd.Core.Tests.Yang.TestSchemas;

namespace Sztpd.Core.Tests.Yang;

public sealed class StructureAndDeviationTests
{
    [Fact]
    public void RestconfYangData_SingleContainer_IsStoredUnderTheYangDataName()
    {
        var module = CompileBody("""
            import ietf-restconf { prefix rc; }
            rc:yang-data artifact { uses g; }
            grouping g { container voucher { leaf serial { type string; } } }
            """, "ietf-restconf");

        var voucher = module.YangData["artifact"];
        Assert.Equal("voucher", voucher.Name);
        Assert.Null(voucher.Parent);
        Assert.Equal("/t:voucher/serial", voucher.Children[0].Path);
        Assert.Empty(module.DataNodes);
    }

    [Fact]
    public void RestconfYangData_TopChoice_IsWrappedInAContainerNamedAfterIt()
    {
        var module = CompileBody("""
            import ietf-restconf { prefix rc; }
            rc:yang-data info { choice kind { container a { } container b { } } }
            """, "ietf-restconf");

        var info = module.YangData["info"];
        Assert.Equal("info", info.Name);
        Assert.IsType<ChoiceNode>(Assert.Single(info.Children));
        Assert.NotNull(info.FindDataChild("t", "b"));
    }

    [Fact]
    public void Structure_AndAugmentStructure_BuildTheStructure()
    {
        var context = Compile(
            [Module("s", "import ietf-yang-structure-ext { prefix sx; } sx:structure request { leaf a { type string; config false; } }"),
             Module("x", "import ietf-yang-structure-ext { prefix sx; } import s { prefix s; } sx:augment-structure \"/s:request\" { leaf b { type string; } }")],
            ["ietf-yang-structure-ext"]);

        var request = context.Modules["s"].YangData["request"];
        Assert.Equal(["a", "b"], request.Children.Select(c => c.Name));
        Assert.Equal("x", request.Children[1].Module.Name);
    }

    [Fact]
    public void Extensions_OnNodes_AreKept()
    {
        var context = Compile(
            Module("ext", "extension row-list { argument name; }"),
            Module("app", "import ext { prefix e; } list devices { e:row-list \"device\"; key n; leaf n { type string; } }"));

        var use = Assert.Single(context.Modules["app"].DataNodes.Single().Extensions);
        Assert.Equal(new ExtensionUse("ext", "row-list", "device"), use);
    }

    [Fact]
    public void Deviation_NotSupportedAndReplace_ChangeTheTarget()
    {
        var context = Compile(
            Module("base", "container c { leaf gone { type string; } leaf kept { type string; default x; } leaf-list l { type string; } }"),
            Module("dev", """
                import base { prefix b; }
                deviation /b:c/b:gone { deviate not-supported; }
                deviation /b:c/b:kept { deviate replace { type int8; default 5; mandatory false; } }
                deviation /b:c/b:l { deviate add { max-elements 3; } }
                """));

        var c = (ContainerNode)context.Modules["base"].DataNodes.Single();
        Assert.Equal(["kept", "l"], c.Children.Select(n => n.Name));
        Assert.Equal("int8", ((LeafNode)c.Children[0]).Type.BaseType);
        Assert.Equal("5", ((LeafNode)c.Children[0]).Default);
        Assert.Equal(3, ((LeafListNode)c.Children[1]).MaxElements);
    }

    [Fact]
    public void ListAndLeafList_Properties_AreCompiled()
    {
        var module = CompileBody("""
            list l { key "a b"; unique "c/d e"; min-elements 1; max-elements 10; ordered-by user; leaf a { type string; } leaf b { type string; }
              container c { leaf d { type string; } } leaf e { type string; } }
            leaf-list ll { type string; default x; default y; max-elements unbounded; }
            anydata any { mandatory true; }
            """);

        var list = (ListNode)Node(module, "l");
        Assert.Equal(["a", "b"], list.Keys);
        Assert.Equal(["c/d", "e"], Assert.Single(list.Uniques));
        Assert.Equal((1, 10, true), (list.MinElements, list.MaxElements, list.OrderedByUser));
        Assert.Equal(["a", "b"], list.KeyLeaves.Select(k => k.Name));
        var leafList = (LeafListNode)Node(module, "ll");
        Assert.Equal(["x", "y"], leafList.Defaults);
        Assert.Null(leafList.MaxElements);
        Assert.True(((AnyDataNode)Node(module, "any")).Mandatory);
    }

    [Fact]
    public void ActionAndNotification_InsideContainer_AreCompiled()
    {
        var module = CompileBody("container c { action reset { output { leaf ok { type boolean; } } } notification changed { leaf what { type string; } } } notification top;");

        var action = (OperationNode)Node(module, "c/reset");
        Assert.True(action.IsAction);
        Assert.Single(action.Output!.Children);
        Assert.IsType<NotificationNode>(Node(module, "c/changed"));
        Assert.Equal("top", module.Notifications.Single().Name);
    }
}
