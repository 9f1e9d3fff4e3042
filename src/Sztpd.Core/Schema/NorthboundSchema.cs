using Sztpd.Core.Datastore;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Schema;

/// <summary>The northbound schema of mode 1, compiled from the YANG modules embedded from <c>yang/</c>.</summary>
public static class NorthboundSchema
{
    public const string Module = "wn-sztpd-1";

    /// <summary>Modules whose data nodes the native interface serves.</summary>
    public static readonly string[] Implemented = ["wn-sztpd-1", "wn-app", "wn-sztpd-0", "wn-x509-c2n", "wn-sztpd-rpcs", "sztpd-ext", "wn-sztpd-x"];

    /// <summary>The module of mode x's tenants (<c>wn-sztpd-x:tenants</c>, handled apart from the host's datastore).</summary>
    public const string TenantsModule = "wn-sztpd-x";

    private static readonly Lazy<SchemaContext> Compiled = new(() => YangCompiler.Compile(EmbeddedModules(), Implemented));

    public static SchemaContext Context => Compiled.Value;

    /// <summary>The row lists of mode 1: devices are stored one row each.</summary>
    public static IReadOnlyList<RowList> RowLists(SchemaContext schema) =>
        [new RowList((ListNode)((ContainerNode)schema.FindTopLevel(Module, "devices")!).FindDataChild(Module, "device")!)];

    public static IEnumerable<(string FileName, string Text)> EmbeddedModules()
    {
        var assembly = typeof(NorthboundSchema).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("yang/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name["yang/".Length..], reader.ReadToEnd());
        }
    }
}
