namespace Sztpd.Pki;

/// <summary>
/// Ends SZTPD-style error sentences. SZTPD appends the data-node path (<c>": /wn-sztpd-1:keystore/..."</c>)
/// to most messages; when no path is known the sentence ends with a period instead.
/// </summary>
internal static class NodePath
{
    public static string Colon(string? nodePath) => nodePath is null ? "." : ": " + nodePath;

    public static string For(string? nodePath) => nodePath is null ? string.Empty : " for " + nodePath;
}
