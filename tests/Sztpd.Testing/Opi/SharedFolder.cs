namespace Sztpd.Testing.Opi;

/// <summary>Locates <c>../shared</c> (the checkout's sibling folder that CI places beside the repository).</summary>
public static class SharedFolder
{
    /// <summary>The absolute path of <c>shared/<paramref name="relative"/></c>, found by walking up from the test binaries.</summary>
    public static string Path(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", relative);
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"shared/{relative} was not found above {AppContext.BaseDirectory}; the shared folder must sit beside the checkout.");
    }

    /// <summary>The text of <c>shared/opi-data/<paramref name="folder"/>/<paramref name="name"/></c>.</summary>
    public static string OpiData(string folder, string name) => File.ReadAllText(Path(System.IO.Path.Combine("opi-data", folder, name)));
}
