namespace Sztpd.Core.Yang.Parsing;

/// <summary>One token with the 1-based line it starts on.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Line);
