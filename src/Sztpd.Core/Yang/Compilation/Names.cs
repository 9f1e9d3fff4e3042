namespace Sztpd.Core.Yang.Compilation;

/// <summary>Helpers for YANG identifiers and node identifiers (<c>prefix:name</c>).</summary>
internal static class Names
{
    /// <summary>Splits <c>prefix:name</c> into its parts; the prefix is null when absent.</summary>
    public static (string? Prefix, string Name) Split(string identifier)
    {
        var colon = identifier.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (null, identifier) : (identifier[..colon], identifier[(colon + 1)..]);
    }

    /// <summary>Splits an argument on YANG whitespace.</summary>
    public static string[] Words(string argument) =>
        argument.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Removes the prefixes of every step of a schema node identifier.</summary>
    public static string StripPrefixes(string path) =>
        string.Join('/', path.Split('/').Select(step => Split(step).Name));
}
