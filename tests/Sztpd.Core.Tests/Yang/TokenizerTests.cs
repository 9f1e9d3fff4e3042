using Sztpd.Core.Yang;
using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Tests.Yang;

public sealed class TokenizerTests
{
    private static string Argument(string yang) => StatementParser.Parse("t.yang", yang).Children.Single().Arg;

    [Fact]
    public void Tokenize_Comments_AreSkipped()
    {
        var tokens = Tokenizer.Tokenize("t.yang", "a // line comment\n/* block\ncomment */ b;");

        Assert.Equal(["a", "b", ";"], tokens.Select(t => t.Text));
        Assert.Equal(3, tokens[1].Line);
    }

    [Fact]
    public void Tokenize_UnquotedString_EndsAtSemicolonBraceOrComment()
    {
        var tokens = Tokenizer.Tokenize("t.yang", "k 1..max;x{y//c\n}");

        Assert.Equal(["k", "1..max", ";", "x", "{", "y", "}"], tokens.Select(t => t.Text));
    }

    [Fact]
    public void Parse_SingleQuoted_KeepsBackslashesAndDoubleQuotes()
    {
        Assert.Equal(@"a\n""b""", Argument(@"module x { description 'a\n""b""'; }"));
    }

    [Fact]
    public void Parse_DoubleQuotedEscapes_AreReplaced()
    {
        Assert.Equal("a\nb\tc\"d\\e", Argument(@"module x { description ""a\nb\tc\""d\\e""; }"));
    }

    [Fact]
    public void Parse_PlusConcatenation_JoinsQuotedStrings()
    {
        Assert.Equal("/a:b/c:d[x]", Argument("module x { description \"/a:b\"\n   + '/c:d' /* c */ + \"[x]\"; }"));
    }

    [Fact]
    public void Parse_PlusAfterQuotedStringWithoutString_Fails()
    {
        var e = Assert.Throws<YangException>(() => StatementParser.Parse("t.yang", "module x {\n description \"a\" + ;\n}"));

        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Parse_MultiLineDoubleQuoted_TrimsIndentationUpToQuoteColumn()
    {
        var yang = "module x {\n  description\n    \"First line\n     second line   \n       indented more\n  less\";\n}";

        Assert.Equal("First line\nsecond line\n  indented more\nless", Argument(yang));
    }

    [Fact]
    public void Parse_MultiLineDoubleQuotedWithTab_CountsTabAsEightSpaces()
    {
        var yang = "module x {\n  description \"a\n\t\tb\";\n}";

        Assert.Equal("a\n b", Argument(yang));
    }

    [Fact]
    public void Parse_MultiLineSingleQuoted_KeepsWhitespace()
    {
        Assert.Equal("a  \n     b", Argument("module x {\n  description 'a  \n     b';\n}"));
    }

    [Fact]
    public void Parse_Statements_KeepLineNumbersAndNesting()
    {
        var root = StatementParser.Parse("t.yang", "module m {\n  container c {\n    leaf l { type string; }\n  }\n}");

        var leaf = root.Children.Single().Children.Single();
        Assert.Equal("leaf", leaf.Keyword);
        Assert.Equal("l", leaf.Argument);
        Assert.Equal(3, leaf.Line);
        Assert.Equal("string", leaf.ArgOf("type"));
    }

    [Fact]
    public void Parse_ExtensionKeyword_IsAccepted()
    {
        var root = StatementParser.Parse("t.yang", "module m { ext:thing \"arg\"; }");

        Assert.Equal("ext", root.Children.Single().ExtensionPrefix);
        Assert.Equal("thing", root.Children.Single().LocalKeyword);
    }

    [Fact]
    public void Parse_ByteOrderMarkAndCrLf_AreWhitespace()
    {
        var root = StatementParser.Parse("t.yang", "\uFEFFmodule m {\r\n  description \"a\r\n   b\";\r\n}\r\n");

        Assert.Equal("a\nb", root.Children.Single().Arg);
    }
}
