using Sztpd.Testing;

namespace Sztpd.Core.Tests.Yang;

/// <summary>
/// The reference set of YANG modules: RFC 8572's modules and what they import. The standard modules the API itself uses
/// are in the repository's <c>yang/</c>; the others (keystore, truststore, TLS and HTTP server, ...) in
/// <c>tests/data/reference-yang</c>.
/// </summary>
internal static class YangPaths
{
    public static string RepositoryYang => TestData.RepositoryYang;

    /// <summary>Every module of the reference set, as compiler sources.</summary>
    public static List<(string FileName, string Text)> ReferenceSources() =>
        [.. ReferenceFiles().Select(f => (Path.GetFileName(f), File.ReadAllText(f)))];

    /// <summary>The file of reference module <paramref name="moduleName"/>.</summary>
    public static string ReferenceFile(string moduleName) => ReferenceFiles().Single(f => Path.GetFileName(f).StartsWith(moduleName + "@", StringComparison.Ordinal));

    private static IEnumerable<string> ReferenceFiles() =>
        Directory.GetFiles(RepositoryYang, "ietf-*.yang").Concat(Directory.GetFiles(RepositoryYang, "iana-*.yang"))
            .Concat(Directory.GetFiles(TestData.Path("reference-yang"), "*.yang"))
            .OrderBy(Path.GetFileName, StringComparer.Ordinal);
}
