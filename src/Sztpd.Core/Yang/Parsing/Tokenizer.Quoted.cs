using System.Text;

namespace Sztpd.Core.Yang.Parsing;

/// <summary>Quoted strings: escapes, indentation trimming (RFC 7950 section 6.1.3) and <c>+</c>.</summary>
internal sealed partial class Tokenizer
{
    private const int TabWidth = 8;

    private string ReadConcatenation()
    {
        var result = new StringBuilder(ReadQuoted());
        while (true)
        {
            var save = (pos, line);
            SkipWhitespaceAndComments();
            if (pos >= text.Length || text[pos] != '+')
            {
                (pos, line) = save;
                return result.ToString();
            }
            pos++;
            SkipWhitespaceAndComments();
            if (pos >= text.Length || text[pos] is not ('"' or '\''))
            {
                throw Error(line, "a quoted string must follow '+'");
            }
            result.Append(ReadQuoted());
        }
    }

    private string ReadQuoted()
    {
        var start = line;
        var quote = text[pos];
        var column = ColumnOf(pos);
        pos++;
        var result = quote == '"' ? ReadDoubleQuotedBody(column) : ReadSingleQuotedBody();
        if (pos >= text.Length)
        {
            throw Error(start, "unterminated quoted string");
        }
        pos++;
        return result;
    }

    private string ReadSingleQuotedBody()
    {
        var start = pos;
        while (pos < text.Length && text[pos] != '\'')
        {
            if (text[pos++] == '\n')
            {
                line++;
            }
        }
        return text[start..Math.Min(pos, text.Length)];
    }

    private string ReadDoubleQuotedBody(int quoteColumn)
    {
        var sb = new StringBuilder();
        var keep = 0;
        while (pos < text.Length && text[pos] != '"')
        {
            var c = text[pos++];
            if (c == '\\' && pos < text.Length)
            {
                AppendEscape(sb, text[pos++]);
                keep = sb.Length;
            }
            else if (c == '\n' || (c == '\r' && pos < text.Length && text[pos] == '\n'))
            {
                pos += c == '\r' ? 1 : 0;
                line++;
                sb.Length = keep;
                sb.Append('\n');
                SkipIndentation(sb, quoteColumn + 1);
                keep = sb.Length;
            }
            else
            {
                sb.Append(c);
                keep = c is ' ' or '\t' ? keep : sb.Length;
            }
        }
        return sb.ToString();
    }

    /// <summary>Strips leading whitespace of a continuation line up to <paramref name="columns"/> columns;
    /// a tab counts as 8 spaces, and the part of a tab past the limit is kept as spaces.</summary>
    private void SkipIndentation(StringBuilder sb, int columns)
    {
        var skipped = 0;
        while (skipped < columns && pos < text.Length && text[pos] is ' ' or '\t')
        {
            var width = text[pos] == '\t' ? TabWidth : 1;
            pos++;
            if (skipped + width > columns)
            {
                sb.Append(' ', skipped + width - columns);
            }
            skipped += width;
        }
    }

    private static void AppendEscape(StringBuilder sb, char c)
    {
        switch (c)
        {
            case 'n':
                sb.Append('\n');
                break;
            case 't':
                sb.Append('\t');
                break;
            case '"' or '\\':
                sb.Append(c);
                break;
            default:
                // YANG 1.0 kept unknown escapes verbatim; YANG 1.1 forbids them. Keep them (lenient).
                sb.Append('\\').Append(c);
                break;
        }
    }

    private int ColumnOf(int index)
    {
        var lineStart = index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;
        var column = 0;
        for (var i = lineStart; i < index; i++)
        {
            column += text[i] == '\t' ? TabWidth : 1;
        }
        return column;
    }
}
