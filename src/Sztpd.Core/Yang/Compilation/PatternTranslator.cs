using System.Text;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>Translates an XML Schema regular expression (RFC 7950 section 9.4.5, XSD Part 2 appendix F)
/// to an equivalent .NET regular expression that must match the whole value.</summary>
internal static class PatternTranslator
{
    // XML 1.0 NameStartChar and NameChar (the \i and \c escapes).
    private const string NameStart = ":A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF"
        + "\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD";
    private const string NameChar = NameStart + "\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040";

    // Character class bodies for the multi-character escapes whose .NET meaning differs from XSD.
    private const string Word = "\\p{L}\\p{M}\\p{N}\\p{S}";
    private const string NonWord = "\\p{P}\\p{Z}\\p{C}";
    private const string Space = " \\t\\n\\r";
    private const string NonSpace = "\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x21-\\uFFFF";

    public static string Translate(string pattern)
    {
        var sb = new StringBuilder("\\A(?:", pattern.Length + 16);
        var classDepth = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                AppendEscape(sb, pattern[++i], classDepth > 0);
                continue;
            }
            switch (c)
            {
                case '[':
                    classDepth++;
                    sb.Append(c);
                    break;
                case ']' when classDepth > 0:
                    classDepth--;
                    sb.Append(c);
                    break;
                case '^' or '$' when classDepth == 0:
                    sb.Append('\\').Append(c);
                    break;
                case '.' when classDepth == 0:
                    sb.Append("[^\\n\\r]");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.Append(")\\z").ToString();
    }

    private static void AppendEscape(StringBuilder sb, char c, bool inClass)
    {
        var body = c switch
        {
            'i' => NameStart,
            'c' => NameChar,
            'w' => Word,
            'W' => NonWord,
            's' => Space,
            'S' => NonSpace,
            _ => null,
        };
        if (body is not null)
        {
            sb.Append(inClass ? body : $"[{body}]");
        }
        else if (c is 'I' or 'C')
        {
            sb.Append(inClass
                ? throw new ArgumentException($"\\{c} inside a character class is not supported")
                : $"[^{(c == 'I' ? NameStart : NameChar)}]");
        }
        else
        {
            sb.Append('\\').Append(c);
        }
    }
}
