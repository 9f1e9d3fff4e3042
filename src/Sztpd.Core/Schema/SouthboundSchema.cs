using Sztpd.Core.Yang;

namespace Sztpd.Core.Schema;

/// <summary>The southbound schema: the RFC 8572 RPCs and the conveyed information they return.</summary>
public static class SouthboundSchema
{
    public const string Module = "ietf-sztp-bootstrap-server";
    public const string ConveyedInfoModule = "ietf-sztp-conveyed-info";
    public const string CsrModule = "ietf-sztp-csr";

    private static readonly Lazy<SchemaContext> Compiled = new(() =>
        YangCompiler.Compile(NorthboundSchema.EmbeddedModules(), [Module, ConveyedInfoModule, CsrModule]));

    public static SchemaContext Context => Compiled.Value;

    /// <summary>The output node of RPC <paramref name="name"/> of ietf-sztp-bootstrap-server.</summary>
    public static ContainerNode Output(string name) =>
        ((OperationNode)Context.FindModule(Module)!.Rpcs.First(r => r.Name == name)).Output!;

    /// <summary>The container wrapping the <c>conveyed-information</c> yang-data (its choice of redirect or onboarding information).</summary>
    public static ContainerNode ConveyedInformation =>
        Context.FindModule(ConveyedInfoModule)!.YangData["conveyed-information"];

    /// <summary>The input node of RPC <paramref name="name"/> of ietf-sztp-bootstrap-server.</summary>
    public static ContainerNode Input(string name) =>
        ((OperationNode)Context.FindModule(Module)!.Rpcs.First(r => r.Name == name)).Input!;
}
