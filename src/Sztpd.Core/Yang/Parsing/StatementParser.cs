using System.Text.RegularExpressions;

namespace Sztpd.Core.Yang.Parsing;

/// <summary>Builds the statement tree of one YANG file from its tokens (RFC 7950 section 6.3).</summary>
internal sealed partial class StatementParser
{
    private readonly string fileName;
    private readonly List<Token> tokens;
    private int index;

    private StatementParser(string fileName, List<Token> tokens)
    {
        this.fileName = fileName;
        this.tokens = tokens;
    }

    /// <summary>Parses a whole file, which must hold exactly one (module or submodule) statement.</summary>
    public static Statement Parse(string fileName, string text)
    {
        var parser = new StatementParser(fileName, Tokenizer.Tokenize(fileName, text));
        if (parser.tokens.Count == 0)
        {
            throw new YangException(fileName, 1, "the file holds no statement");
        }
        var root = parser.ParseStatement();
        if (parser.index < parser.tokens.Count)
        {
            throw new YangException(fileName, parser.tokens[parser.index].Line, "unexpected text after the end of the module");
        }
        return root;
    }

    private Statement ParseStatement()
    {
        var keyword = Take();
        if (keyword.Kind != TokenKind.Word || !KeywordSyntax().IsMatch(keyword.Text))
        {
            throw new YangException(fileName, keyword.Line, $"expected a statement keyword, found '{keyword.Text}'");
        }
        if (!keyword.Text.Contains(':', StringComparison.Ordinal) && !YangKeywords.All.Contains(keyword.Text))
        {
            throw new YangException(fileName, keyword.Line, $"unknown statement '{keyword.Text}'");
        }
        string? argument = null;
        if (Peek().Kind is TokenKind.Word or TokenKind.Quoted)
        {
            argument = Take().Text;
        }
        var statement = new Statement { Keyword = keyword.Text, Argument = argument, FileName = fileName, Line = keyword.Line };
        var end = Take();
        if (end.Kind == TokenKind.OpenBrace)
        {
            while (Peek().Kind != TokenKind.CloseBrace)
            {
                statement.Children.Add(ParseStatement());
            }
            Take();
        }
        else if (end.Kind != TokenKind.Semicolon)
        {
            throw new YangException(fileName, end.Line, $"expected ';' or '{{' after '{keyword.Text}', found '{end.Text}'");
        }
        return statement;
    }

    private Token Peek() => index < tokens.Count
        ? tokens[index]
        : throw new YangException(fileName, tokens[^1].Line, "unexpected end of file (missing '}'?)");

    private Token Take()
    {
        var token = Peek();
        index++;
        return token;
    }

    [GeneratedRegex(@"^(?:[A-Za-z_][A-Za-z0-9_.-]*:)?[A-Za-z_][A-Za-z0-9_.-]*$")]
    private static partial Regex KeywordSyntax();
}
