using Sztpd.Core.Yang;
using static Sztpd.Core.Tests.Yang.TestSchemas;

namespace Sztpd.Core.Tests.Yang;

public sealed class TypeResolutionTests
{
    [Fact]
    public void TypedefChain_Restrictions_AreMergedPerStep()
    {
        var module = CompileBody("""
            typedef percent { type uint8 { range "0..100"; } default 50; units percent; }
            typedef small-percent { type percent { range "min..10"; } }
            leaf l { type small-percent { range "1..max"; } }
            """);

        var type = Leaf(module, "l").Type;
        Assert.Equal("uint8", type.BaseType);
        Assert.Equal("small-percent", type.TypedefName);
        Assert.Equal([[new(0, 255)], [new(0, 100)], [new(0, 10)], [new(1, 10)]], type.Ranges);
        Assert.Equal("50", Leaf(module, "l").Default);
        Assert.Equal("percent", Leaf(module, "l").Units);
    }

    [Fact]
    public void TypedefChain_PatternsAndLengths_Accumulate()
    {
        var module = CompileBody("""
            typedef word { type string { length "1..20"; pattern "[a-z]+"; } }
            leaf l { type word { length "2..max"; pattern "a.*" { modifier invert-match; error-message "no a"; } } }
            """);

        var type = Leaf(module, "l").Type;
        Assert.Equal([[new(1, 20)], [new(2, 20)]], type.Lengths);
        Assert.Equal(2, type.Patterns.Count);
        Assert.True(type.Patterns[1].InvertMatch);
        Assert.Equal("no a", type.Patterns[1].ErrorMessage);
    }

    [Theory]
    [InlineData("int8", -128, 127)]
    [InlineData("int64", -9223372036854775808, 9223372036854775807)]
    [InlineData("uint16", 0, 65535)]
    public void BuiltInInteger_WithoutRange_HasItsDefaultRange(string type, long min, long max)
    {
        var module = CompileBody($"leaf l {{ type {type}; }}");

        Assert.Equal([[new YangRange(min, max)]], Leaf(module, "l").Type.Ranges);
    }

    [Fact]
    public void BuiltInUint64_HasFullRange()
    {
        var range = Leaf(CompileBody("leaf l { type uint64; }"), "l").Type.Ranges.Single().Single();

        Assert.Equal(18446744073709551615m, range.Max);
    }

    [Fact]
    public void Decimal64_FractionDigits_ScaleTheRange()
    {
        var type = Leaf(CompileBody("leaf l { type decimal64 { fraction-digits 2; range \"0 .. 10.5\"; } }"), "l").Type;

        Assert.Equal(2, type.FractionDigits);
        Assert.Equal(92233720368547758.07m, type.Ranges[0][0].Max);
        Assert.Equal(new YangRange(0, 10.5m), type.Ranges[1].Single());
    }

    [Fact]
    public void Enumeration_Values_AreAssignedAndRestrictable()
    {
        var module = CompileBody("""
            typedef color { type enumeration { enum red; enum green { value 10; } enum blue; } }
            leaf all { type color; }
            leaf some { type color { enum blue; enum red; } }
            """);

        Assert.Equal([new("red", 0), new("green", 10), new("blue", 11)], Leaf(module, "all").Type.Enums);
        Assert.Equal([new("blue", 11), new("red", 0)], Leaf(module, "some").Type.Enums);
    }

    [Fact]
    public void Bits_Positions_AreAssigned()
    {
        var type = Leaf(CompileBody("leaf l { type bits { bit a { position 3; } bit b; } }"), "l").Type;

        Assert.Equal([new("a", 3), new("b", 4)], type.Bits);
    }

    [Fact]
    public void Union_MembersResolvedInOrder()
    {
        var type = Leaf(CompileBody("leaf l { type union { type int32; type string { length 1..3; } type empty; } }"), "l").Type;

        Assert.Equal(["int32", "string", "empty"], type.UnionTypes.Select(u => u.BaseType));
        Assert.Single(type.UnionTypes[1].Lengths);
    }

    [Fact]
    public void NestedTypedef_ShadowsModuleTypedefInItsScope()
    {
        var module = CompileBody("""
            typedef t { type string; }
            container c { typedef t { type int8; } leaf l { type t; } }
            leaf l { type t; }
            """);

        Assert.Equal("int8", Leaf(module, "c/l").Type.BaseType);
        Assert.Equal("string", Leaf(module, "l").Type.BaseType);
    }

    [Fact]
    public void ImportedTypedef_ResolvesThroughPrefix()
    {
        var module = CompileBody("import ietf-inet-types { prefix inet; } leaf p { type inet:port-number; }", "ietf-inet-types");

        var type = Leaf(module, "p").Type;
        Assert.Equal("port-number", type.TypedefName);
        Assert.Equal(new YangRange(0, 65535), type.Ranges[^1].Single());
    }

    [Fact]
    public void Range_OutsideBaseType_IsAnError()
    {
        var e = Assert.Throws<YangException>(() => CompileBody("leaf l { type uint8 { range \"0..300\"; } }"));

        Assert.Contains("range", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownType_IsAnErrorWithLocation()
    {
        var e = Assert.Throws<YangException>(() => CompileBody("leaf l {\n  type nothing;\n}"));

        Assert.Equal("t.yang", e.FileName);
        Assert.Equal(6, e.Line);
    }
}
