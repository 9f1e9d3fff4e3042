namespace Sztpd.Core.Yang.Parsing;

/// <summary>The lexical token kinds of RFC 7950 section 6.</summary>
internal enum TokenKind
{
    /// <summary>An unquoted string (keywords and unquoted arguments).</summary>
    Word,

    /// <summary>One or more quoted strings joined with <c>+</c>.</summary>
    Quoted,
    OpenBrace,
    CloseBrace,
    Semicolon,
}
