using Sztpd.Core.Yang;

namespace Sztpd.Core.Tests.Yang;

public sealed class ReferenceSetTests
{
    private static SchemaContext CompileAll()
    {
        var sources = YangPaths.ReferenceSources();
        var names = sources.Select(s => s.FileName[..s.FileName.IndexOf('@', StringComparison.Ordinal)]).ToList();
        return YangCompiler.Compile(sources, names);
    }

    [Fact]
    public void Compile_WholeReferenceSetAllFeatures_LoadsEveryModule()
    {
        var context = CompileAll();

        // The IETF and IANA modules of yang/ (ietf-yang-schema-mount among them, for mode x) and tests/data/reference-yang.
        Assert.Equal(26, context.Modules.Count);
        Assert.Equal(26, context.Implemented.Count);
        Assert.Contains("ietf-yang-schema-mount", context.Modules.Keys);
        Assert.Contains("onboarding-server", context.Modules["ietf-sztp-bootstrap-server"].Features);
    }


    [Fact]
    public void Compile_ReferenceSet_SztpCsrAugmentsBootstrapInput()
    {
        var context = CompileAll();

        var rpc = (OperationNode)context.Modules["ietf-sztp-bootstrap-server"].Rpcs.Single(r => r.Name == "get-bootstrapping-data");
        var msgType = Assert.IsType<ChoiceNode>(rpc.Input!.Children.Single(c => c.Name == "msg-type"));
        Assert.Equal("ietf-sztp-csr", msgType.Module.Name);
        Assert.NotNull(rpc.Input.FindDataChild("ietf-sztp-csr", "csr-support"));
    }

    [Fact]
    public void Compile_ReferenceSet_YangDataStructuresArePresent()
    {
        var context = CompileAll();

        Assert.Equal("voucher", context.Modules["ietf-voucher"].YangData["voucher-artifact"].Name);
        Assert.Equal("errors", context.Modules["ietf-restconf"].YangData["yang-errors"].Name);
        Assert.NotNull(context.Modules["ietf-sztp-conveyed-info"].YangData["conveyed-information"].FindDataChild(null, "onboarding-information"));
        Assert.NotNull(context.Modules["ietf-sztp-csr"].YangData["csr-request"].FindDataChild(null, "cert-req-info"));
    }

    [Fact]
    public void Compile_ReferenceSetWithTlsServerFeaturesOff_Loads()
    {
        var sources = YangPaths.ReferenceSources();
        var names = sources.Select(s => s.FileName[..s.FileName.IndexOf('@', StringComparison.Ordinal)]);

        var context = YangCompiler.Compile(sources, names, ["ietf-tls-server:*"]);

        Assert.Empty(context.Modules["ietf-tls-server"].Features);
    }

    [Fact]
    public void Compile_RepositoryYangFolder_LoadsEveryModule()
    {
        var directory = YangPaths.RepositoryYang;

        var context = YangCompiler.CompileDirectory(directory);

        Assert.Equal(Directory.GetFiles(directory, "*.yang").Length, context.Modules.Count);
    }
}
