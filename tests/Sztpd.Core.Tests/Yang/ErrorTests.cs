using Sztpd.Core.Yang;
using static Sztpd.Core.Tests.Yang.TestSchemas;

namespace Sztpd.Core.Tests.Yang;

public sealed class ErrorTests
{
    [Fact]
    public void Compile_MissingSemicolon_NamesFileAndLine()
    {
        var e = Error(Module("t", "leaf a {\n  type string\n}"));

        Assert.Equal("t.yang", e.FileName);
        Assert.Equal(7, e.Line);
        Assert.StartsWith("t.yang:7: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_MissingClosingBrace_IsAnError()
    {
        var e = Assert.Throws<YangException>(() => YangCompiler.Compile([("t.yang", "module t {\n  namespace urn:t;\n  prefix t;\n")], ["t"]));

        Assert.Contains("end of file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_UnknownStatement_IsAnError()
    {
        var e = Error(Module("t", "container c {\n  lef x;\n}"));

        Assert.Equal(6, e.Line);
        Assert.Contains("'lef'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_MissingImport_IsAnError()
    {
        var e = Error(Module("t", "import nowhere { prefix n; }"));

        Assert.Contains("'nowhere'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_Include_IsReportedAsNotSupported()
    {
        var e = Error(Module("t", "include t-sub;"));

        Assert.Contains("submodules is not supported", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_ListKeyMissing_IsAnError()
    {
        var e = Error(Module("t", "list l { key id; leaf name { type string; } }"));

        Assert.Contains("key 'id'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_AugmentTargetMissing_IsAnError()
    {
        var e = Error(Module("base", "container c;"), Module("ext", "import base { prefix b; }\naugment /b:c/b:none { leaf x { type string; } }"));

        Assert.Equal("ext.yang", e.FileName);
        Assert.Contains("/b:c/b:none", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_ImplementedModuleNotGiven_IsAnError()
    {
        Assert.Throws<YangException>(() => YangCompiler.Compile([("t.yang", Module("t", ""))], ["t", "other"]));
    }
}
