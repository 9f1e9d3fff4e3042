using Sztpd.Core.Yang;
using Sztpd.Core.Yang.Compilation;
using static Sztpd.Core.Tests.Yang.TestSchemas;

namespace Sztpd.Core.Tests.Yang;

public sealed class PatternTests
{
    private static bool Matches(YangType type, string value) => type.Patterns.All(p => p.Regex.IsMatch(value) != p.InvertMatch);

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("10.0.0.1%eth0", true)]
    [InlineData("10.0.0.256", false)]
    [InlineData("10.0.0", false)]
    [InlineData("x10.0.0.1", false)]
    public void InetIpv4Address_Pattern_MatchesOnlyValidAddresses(string value, bool valid)
    {
        var module = CompileBody("import ietf-inet-types { prefix inet; } leaf a { type inet:ipv4-address; }", "ietf-inet-types");

        Assert.Equal(valid, Matches(Leaf(module, "a").Type, value));
    }

    [Fact]
    public void Pattern_LiteralDollarAndCaret_AreLiteralCharacters()
    {
        var type = Leaf(CompileBody("leaf l { type string { pattern '$0$.*|^x'; } }"), "l").Type;

        Assert.True(Matches(type, "$0$secret"));
        Assert.True(Matches(type, "^x"));
        Assert.False(Matches(type, "x"));
        Assert.False(Matches(type, "0secret"));
    }

    [Fact]
    public void Pattern_IsAnchoredAtBothEnds()
    {
        var type = Leaf(CompileBody("leaf l { type string { pattern '[a-z]+'; } }"), "l").Type;

        Assert.True(Matches(type, "abc"));
        Assert.False(Matches(type, "abc1"));
        Assert.False(Matches(type, "abc\n"));
    }

    [Fact]
    public void Pattern_Alternation_IsAnchoredAsAWhole()
    {
        var type = Leaf(CompileBody("leaf l { type string { pattern 'a|b'; } }"), "l").Type;

        Assert.True(Matches(type, "b"));
        Assert.False(Matches(type, "ab"));
    }

    [Theory]
    [InlineData(@"\i\c*", "_a-b.c", true)]
    [InlineData(@"\i\c*", "1abc", false)]
    [InlineData(@"\w+", "a_b", false)]
    [InlineData(@"\w+", "ab9", true)]
    [InlineData(@"\p{IsBasicLatin}+", "abc", true)]
    [InlineData(@"\p{IsBasicLatin}+", "ab\u00e9", false)]
    [InlineData(@"[a-z-[aeiou]]+", "bcd", true)]
    [InlineData(@"[a-z-[aeiou]]+", "bad", false)]
    [InlineData(@".+", "a\rb", false)]
    [InlineData(@"[^$]+", "ab", true)]
    public void Translate_XsdConstructs_BehaveAsInXsd(string pattern, string value, bool expected)
    {
        var regex = new System.Text.RegularExpressions.Regex(PatternTranslator.Translate(pattern), System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        Assert.Equal(expected, regex.IsMatch(value));
    }

    [Fact]
    public void Pattern_InvalidRegex_IsAnErrorWithLocation()
    {
        var e = Assert.Throws<YangException>(() => CompileBody("leaf l {\n  type string {\n    pattern '[a-';\n  }\n}"));

        Assert.Equal(7, e.Line);
    }
}
