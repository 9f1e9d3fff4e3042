namespace Sztpd.Core.Tests.Yang;

/// <summary>Locates the shared reference folder (the repository root's parent holds <c>shared/reference/yang</c>)
/// and the repository's own <c>yang/</c> folder, walking up from the test binaries.</summary>
internal static class SharedPaths
{
    public static string ReferenceYang => global::Sztpd.Testing.Opi.SharedFolder.Path(Path.Combine("reference", "yang"));

    /// <summary>The repository's <c>yang/</c> folder, or null when it does not exist (yet).</summary>
    public static string? RepositoryYang
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Sztpd.slnx")))
                {
                    var yang = Path.Combine(dir.FullName, "yang");
                    return Directory.Exists(yang) && Directory.GetFiles(yang, "*.yang").Length > 0 ? yang : null;
                }
            }
            return null;
        }
    }

    /// <summary>Reads every <c>*.yang</c> file of a folder as compiler sources.</summary>
    public static List<(string FileName, string Text)> ReadSources(string directory) =>
        [.. Directory.GetFiles(directory, "*.yang").Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllText(f)))];
}
