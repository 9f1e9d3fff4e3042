using System.Xml.Linq;

namespace Sztpd.Core.Tests;

/// <summary>
/// The reference rule of docs/architecture.md (Server → Storage → Core → Pki; DeviceSimulator → Core, Pki), and the
/// configuration rule: the southbound reads typed records, only ConfigurationMapper reads YANG member names.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Sztpd.Pki"] = [],
        ["Sztpd.Core"] = ["Sztpd.Pki"],
        ["Sztpd.Storage"] = ["Sztpd.Core"],
        ["Sztpd.Server"] = ["Sztpd.Storage"],
        ["Sztpd.DeviceSimulator"] = ["Sztpd.Core", "Sztpd.Pki"],
    };

    [Fact]
    public void SourceProjects_ReferenceOnlyWhatTheRuleAllows()
    {
        var src = Path.Combine(Testing.TestData.RepositoryRoot, "src");
        var projects = Directory.GetDirectories(src).Select(Path.GetFileName).ToList();

        Assert.Equal(Allowed.Keys.Order(), projects.Order());
        foreach (var project in projects)
        {
            var references = XDocument.Load(Path.Combine(src, project!, project + ".csproj")).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension((string)r.Attribute("Include")!)).Order();
            Assert.True(Allowed[project!].Order().SequenceEqual(references), $"{project} references {string.Join(", ", references)}");
        }
    }

    [Fact]
    public void Core_ReferencesNeitherAspNetNorADatabaseDriver()
    {
        var referenced = typeof(Core.Schema.NorthboundSchema).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(referenced, IsWebOrDatabase);
        Assert.Contains("Sztpd.Pki", referenced);
    }

    [Fact]
    public void Pki_ReferencesNoOtherProjectAndNoWebOrDatabase()
    {
        var referenced = typeof(Pki.Cms.CmsOids).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(referenced, n => n.StartsWith("Sztpd.", StringComparison.Ordinal) || IsWebOrDatabase(n));
    }

    [Theory]
    [InlineData("src/Sztpd.Server/Southbound")]
    [InlineData("src/Sztpd.Core/Bootstrapping")]
    public void SouthboundCode_ReadsNoConfigurationMemberByName(string folder)
    {
        var offenders = Directory.GetFiles(Path.Combine(Testing.TestData.RepositoryRoot, folder), "*.cs")
            .Where(f => File.ReadAllText(f) is var text && (text.Contains("\"wn-sztpd-1:", StringComparison.Ordinal) || text.Contains("\"sztpd-ext:", StringComparison.Ordinal)))
            .Select(Path.GetFileName);

        Assert.Empty(offenders);
    }

    private static bool IsWebOrDatabase(string assembly) =>
        assembly.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
        || assembly.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal)
        || assembly is "Npgsql" or "MySqlConnector" or "SQLitePCLRaw.core" or "System.Data.Common";
}
