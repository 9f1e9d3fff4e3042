namespace Sztpd.Testing;

/// <summary>Locates the repository (from the test binaries) and its <c>tests/data</c> (fixtures; <c>tests/data/README.md</c> says where each comes from).</summary>
public static class TestData
{
    /// <summary>The repository root: the first folder above the test binaries that holds <c>Sztpd.slnx</c>.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Sztpd.slnx")))
                {
                    return dir.FullName;
                }
            }
            throw new DirectoryNotFoundException($"No Sztpd.slnx above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>The repository's <c>yang/</c> folder: the modules of the API.</summary>
    public static string RepositoryYang => System.IO.Path.Combine(RepositoryRoot, "yang");

    /// <summary>The absolute path of <c>tests/data/<paramref name="relative"/></c>.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(RepositoryRoot, "tests", "data", relative);

    /// <summary>The text of <c>tests/data/opi-data/<paramref name="folder"/>/<paramref name="name"/></c>.</summary>
    public static string OpiData(string folder, string name) => File.ReadAllText(Path(System.IO.Path.Combine("opi-data", folder, name)));
}
