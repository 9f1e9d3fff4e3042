using Sztpd.Core.Yang;
using static Sztpd.Core.Tests.Yang.TestSchemas;

namespace Sztpd.Core.Tests.Yang;

public sealed class ConfigAndFeatureTests
{
    [Fact]
    public void Config_False_IsInheritedByDescendants()
    {
        var module = CompileBody("""
            container state { config false; list item { key n; leaf n { type string; } container c { leaf x { type string; } } } }
            container conf { leaf x { type string; } }
            """);

        Assert.False(Leaf(module, "state/item/c/x").Config);
        Assert.False(Node(module, "state/item").Config);
        Assert.True(Leaf(module, "conf/x").Config);
    }

    [Fact]
    public void Config_TrueUnderConfigFalse_IsAnError()
    {
        var e = Assert.Throws<YangException>(() => CompileBody("container s {\n  config false;\n  leaf x {\n    config true;\n    type string;\n  }\n}"));

        Assert.Equal(8, e.Line);
    }

    [Fact]
    public void Config_InsideRpc_IsIgnored()
    {
        var module = CompileBody("container c { config false; } rpc r { input { leaf x { type string; config false; } } }");

        Assert.NotNull(module.Rpcs.Single());
    }

    [Fact]
    public void IfFeature_Disabled_OmitsNodesIdentitiesAndEnums()
    {
        var context = Compile(
            [Module("t", """
                feature a; feature b;
                identity base-id; identity gated { base base-id; if-feature b; }
                leaf only-a { if-feature a; type string; }
                leaf only-b { if-feature b; type string; }
                leaf e { type enumeration { enum x; enum y { if-feature b; } } }
                """)],
            disabledFeatures: ["t:b"]);

        var module = context.Modules["t"];
        Assert.Equal(["only-a", "e"], module.DataNodes.Select(n => n.Name));
        Assert.Equal(["a"], module.Features);
        Assert.False(module.Identities.ContainsKey("gated"));
        Assert.Equal(["x"], Leaf(module, "e").Type.Enums.Select(e => e.Key));
    }

    [Theory]
    [InlineData("a and b", false)]
    [InlineData("a or b", true)]
    [InlineData("not b", true)]
    [InlineData("not (a and b) and a", true)]
    [InlineData("b or not a", false)]
    public void IfFeature_Expression_IsEvaluated(string expression, bool present)
    {
        var context = Compile(
            [Module("t", $"feature a; feature b; leaf x {{ if-feature \"{expression}\"; type string; }}")],
            disabledFeatures: ["t:b"]);

        Assert.Equal(present, context.Modules["t"].DataNodes.Count == 1);
    }

    [Fact]
    public void Feature_DependingOnDisabledFeature_IsDisabled()
    {
        var context = Compile([Module("t", "feature a; feature b { if-feature a; } leaf x { if-feature b; type string; }")], disabledFeatures: ["t:a"]);

        Assert.Empty(context.Modules["t"].DataNodes);
    }

    [Fact]
    public void DisabledFeatures_AllOfAModule_WithStar()
    {
        var context = Compile([Module("t", "feature a; feature b; leaf x { if-feature \"a or b\"; type string; }")], disabledFeatures: ["t:*"]);

        Assert.Empty(context.Modules["t"].Features);
        Assert.Empty(context.Modules["t"].DataNodes);
    }

    [Fact]
    public void DisabledFeatures_UnknownFeature_IsAnError()
    {
        Assert.Throws<YangException>(() => Compile([Module("t", "feature a;")], disabledFeatures: ["t:nope"]));
    }

    [Fact]
    public void Identity_DerivationAcrossModules_IsResolved()
    {
        var context = Compile(
            Module("base", "identity algorithm; identity hash { base algorithm; }"),
            Module("ext", "import base { prefix b; } identity sha-256 { base b:hash; } identity other; identity both { base b:hash; base other; }"));

        var sha = context.FindIdentity("ext", "sha-256")!;
        var algorithm = context.FindIdentity("base", "algorithm")!;
        Assert.Equal("base:hash", Assert.Single(sha.Bases).QualifiedName);
        Assert.True(sha.IsDerivedFrom(algorithm));
        Assert.False(algorithm.IsDerivedFrom(sha));
        Assert.Equal(2, context.FindIdentity("ext", "both")!.Bases.Count);
    }

    [Fact]
    public void Identityref_Bases_AreResolvedAcrossModules()
    {
        var context = Compile(
            Module("base", "identity hash;"),
            Module("app", "import base { prefix b; } identity x; leaf h { type identityref { base b:hash; base x; } }"));

        Assert.Equal(["base:hash", "app:x"], Leaf(context.Modules["app"], "h").Type.IdentityBases.Select(i => i.QualifiedName));
    }
}
