namespace Sztpd.Core.Tests.Yang;

/// <summary>Locates the reference YANG modules (<c>tests/data/reference-yang</c>) and the repository's own <c>yang/</c> folder.</summary>
internal static class YangPaths
{
    public static string ReferenceYang => global::Sztpd.Testing.TestData.Path("reference-yang");

    public static string RepositoryYang => global::Sztpd.Testing.TestData.RepositoryYang;

    /// <summary>Reads every <c>*.yang</c> file of a folder as compiler sources.</summary>
    public static List<(string FileName, string Text)> ReadSources(string directory) =>
        [.. Directory.GetFiles(directory, "*.yang").Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllText(f)))];
}
