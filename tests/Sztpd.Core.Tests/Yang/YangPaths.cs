namespace Sztpd.Core.Tests.Yang;

/// <summary>Locates the reference YANG modules (<c>tests/data/reference-yang</c>) and the repository's own <c>yang/</c> folder.</summary>
internal static class YangPaths
{
    public static string ReferenceYang => global::Sztpd.Testing.TestData.Path("reference-yang");

    /// <summary>The repository's <c>yang/</c> folder (the API's modules), found by walking up from the test binaries.</summary>
    public static string RepositoryYang
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Sztpd.slnx")))
                {
                    return Path.Combine(dir.FullName, "yang");
                }
            }
            throw new DirectoryNotFoundException($"No Sztpd.slnx above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>Reads every <c>*.yang</c> file of a folder as compiler sources.</summary>
    public static List<(string FileName, string Text)> ReadSources(string directory) =>
        [.. Directory.GetFiles(directory, "*.yang").Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllText(f)))];
}
