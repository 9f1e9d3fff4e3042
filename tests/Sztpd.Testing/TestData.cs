namespace Sztpd.Testing;

/// <summary>Locates <c>tests/data</c> (fixtures kept in the repository; <c>tests/data/README.md</c> says where each comes from).</summary>
public static class TestData
{
    /// <summary>The absolute path of <c>tests/data/<paramref name="relative"/></c>, found by walking up from the test binaries.</summary>
    public static string Path(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "tests", "data", relative);
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"tests/data/{relative} was not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>The text of <c>tests/data/opi-data/<paramref name="folder"/>/<paramref name="name"/></c>.</summary>
    public static string OpiData(string folder, string name) => File.ReadAllText(Path(System.IO.Path.Combine("opi-data", folder, name)));
}
