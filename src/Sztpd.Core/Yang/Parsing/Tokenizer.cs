namespace Sztpd.Core.Yang.Parsing;

/// <summary>Splits YANG text into tokens (RFC 7950 section 6.1): comments, unquoted and quoted strings,
/// <c>+</c> concatenation, braces and semicolons.</summary>
internal sealed partial class Tokenizer
{
    private readonly string fileName;
    private readonly string text;
    private int pos;
    private int line = 1;

    private Tokenizer(string fileName, string text)
    {
        this.fileName = fileName;
        this.text = text;
    }

    public static List<Token> Tokenize(string fileName, string text)
    {
        var tokenizer = new Tokenizer(fileName, text);
        var tokens = new List<Token>();
        while (tokenizer.Next() is { } token)
        {
            tokens.Add(token);
        }
        return tokens;
    }

    private Token? Next()
    {
        SkipWhitespaceAndComments();
        if (pos >= text.Length)
        {
            return null;
        }
        var start = line;
        switch (text[pos])
        {
            case '{':
                pos++;
                return new Token(TokenKind.OpenBrace, "{", start);
            case '}':
                pos++;
                return new Token(TokenKind.CloseBrace, "}", start);
            case ';':
                pos++;
                return new Token(TokenKind.Semicolon, ";", start);
            case '"' or '\'':
                return new Token(TokenKind.Quoted, ReadConcatenation(), start);
            default:
                return new Token(TokenKind.Word, ReadUnquoted(), start);
        }
    }

    private void SkipWhitespaceAndComments()
    {
        while (pos < text.Length)
        {
            var c = text[pos];
            if (c == '\n')
            {
                line++;
                pos++;
            }
            else if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                pos++;
            }
            else if (At("//"))
            {
                while (pos < text.Length && text[pos] != '\n')
                {
                    pos++;
                }
            }
            else if (At("/*"))
            {
                SkipBlockComment();
            }
            else
            {
                return;
            }
        }
    }

    private void SkipBlockComment()
    {
        var start = line;
        pos += 2;
        while (!At("*/"))
        {
            if (pos >= text.Length)
            {
                throw Error(start, "unterminated /* comment");
            }
            if (text[pos++] == '\n')
            {
                line++;
            }
        }
        pos += 2;
    }

    private string ReadUnquoted()
    {
        var start = pos;
        while (pos < text.Length && !EndsUnquoted(text[pos]))
        {
            pos++;
        }
        return text[start..pos];
    }

    private bool EndsUnquoted(char c) =>
        char.IsWhiteSpace(c) || c is ';' or '{' or '}' or '"' or '\'' || At("//") || At("/*");

    private bool At(string s) => string.CompareOrdinal(text, pos, s, 0, s.Length) == 0;

    private YangException Error(int atLine, string problem) => new(fileName, atLine, problem);
}
