namespace Sztpd.Core.Yang.Parsing;

/// <summary>A parsed YANG statement (RFC 7950 section 6.3): keyword, optional argument, substatements.</summary>
internal sealed class Statement
{
    public required string Keyword { get; init; }
    public string? Argument { get; init; }
    public required string FileName { get; init; }
    public int Line { get; init; }
    public List<Statement> Children { get; } = [];

    /// <summary>The prefix of an extension keyword (<c>rc</c> in <c>rc:yang-data</c>), null for YANG keywords.</summary>
    public string? ExtensionPrefix => Keyword.IndexOf(':', StringComparison.Ordinal) is var i and > 0 ? Keyword[..i] : null;

    /// <summary>The keyword without its prefix.</summary>
    public string LocalKeyword => Keyword.IndexOf(':', StringComparison.Ordinal) is var i and > 0 ? Keyword[(i + 1)..] : Keyword;

    /// <summary>The argument, or an error naming the statement when it has none.</summary>
    public string Arg => Argument ?? throw Error($"'{Keyword}' needs an argument");

    public Statement? First(string keyword) => Children.Find(c => c.Keyword == keyword);

    public IEnumerable<Statement> All(string keyword) => Children.Where(c => c.Keyword == keyword);

    public string? ArgOf(string keyword) => First(keyword)?.Argument;

    public bool Has(string keyword) => Children.Exists(c => c.Keyword == keyword);

    /// <summary>A boolean argument (<c>true</c> or <c>false</c>) of substatement <paramref name="keyword"/>.</summary>
    public bool? BoolOf(string keyword) => First(keyword) is { } s ? s.BoolArg : null;

    public bool BoolArg => Arg switch
    {
        "true" => true,
        "false" => false,
        _ => throw Error($"'{Keyword}' needs 'true' or 'false', not '{Argument}'"),
    };

    public YangException Error(string problem, Exception? inner = null) => new(FileName, Line, problem, inner);

    public override string ToString() => Argument is null ? Keyword : $"{Keyword} {Argument}";
}
