using Sztpd.Core.Yang;
using static Sztpd.Core.Tests.Yang.TestSchemas;

namespace Sztpd.Core.Tests.Yang;

/// <summary>The property changes refine (RFC 7950 section 7.13.2) and deviate (section 7.20.3.2) share, and those only one of them makes.</summary>
public sealed class RefineAndDeviateTests
{
    private static readonly string Library = Module("lib", """
        grouping g {
          leaf a { type string; }
          leaf-list l { type string; }
          container box { leaf inner { type string; } }
        }
        """);

    private static readonly string Base = Module("base", """
        container c {
          leaf x { type string; }
          container box { leaf inner { type string; } }
          list li { key k; leaf k { type string; } leaf v { type string; } }
        }
        """);

    [Fact]
    public void Refine_ConfigMustAndElementCounts_ChangeTheRefinedNodes()
    {
        var app = CompileApp("refine a { config false; must \"1\"; } refine l { min-elements 1; max-elements 3; }");

        Assert.False(Leaf(app, "s/a").Config);
        Assert.Equal(["1"], Leaf(app, "s/a").Musts);
        var l = (LeafListNode)Node(app, "s/l");
        Assert.Equal((1, 3), (l.MinElements, l.MaxElements));
    }

    [Fact]
    public void Refine_UnitsAndUnique_AreNotRefinable()
    {
        var app = CompileApp("refine a { units s; }");

        Assert.Null(Leaf(app, "s/a").Units);
    }

    [Fact]
    public void Refine_PropertyOfAnotherKindOfNode_NamesTheStatement()
    {
        var e = Error(Library, Module("app", "import lib { prefix l; } container s { uses l:g { refine a { max-elements 3; } } }"));

        Assert.Contains("'max-elements' does not apply to LeafNode 'a'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deviate_UnitsMustConfigAndUnique_ChangeTheTarget()
    {
        var c = CompileDeviation("""
            deviation /b:c/b:x { deviate add { units s; must "1"; config false; } }
            deviation /b:c/b:li { deviate add { unique "v"; } }
            """);

        var x = (LeafNode)c.Children[0];
        Assert.Equal(("s", false), (x.Units, x.Config));
        Assert.Equal(["1"], x.Musts);
        Assert.Equal([["v"]], ((ListNode)c.Children[2]).Uniques);
    }

    [Fact]
    public void Deviate_Presence_IsNotDeviable()
    {
        var c = CompileDeviation("deviation /b:c/b:box { deviate add { presence p; } }");

        Assert.False(((ContainerNode)c.Children[1]).Presence);
    }

    [Fact]
    public void Deviate_UnitsOnAContainer_NamesTheStatement()
    {
        var e = Error(Base, Module("dev", "import base { prefix b; } deviation /b:c/b:box { deviate replace { units s; } }"));

        Assert.Contains("'units' does not apply to ContainerNode 'box'", e.Message, StringComparison.Ordinal);
    }

    private static YangModule CompileApp(string refines) =>
        Compile(Library, Module("app", $"import lib {{ prefix l; }} container s {{ uses l:g {{ {refines} }} }}")).Modules["app"];

    private static ContainerNode CompileDeviation(string deviations) =>
        (ContainerNode)Compile(Base, Module("dev", "import base { prefix b; }\n" + deviations)).Modules["base"].DataNodes.Single();
}
