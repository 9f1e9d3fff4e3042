using Sztpd.Core.Yang.Compilation;

namespace Sztpd.Core.Yang;

/// <summary>Compiles YANG modules (RFC 7950) into a <see cref="SchemaContext"/>.</summary>
public static class YangCompiler
{
    /// <summary>Compiles <paramref name="sources"/> (file name and text of every module available for import).</summary>
    /// <param name="sources">The modules, one per file; of several revisions of one module, the latest is used.</param>
    /// <param name="implemented">Names of the modules whose data nodes are served; only their augments and deviations apply.</param>
    /// <param name="disabledFeatures">Features to turn off, as <c>module:feature</c> (or <c>module:*</c> for all
    /// features of a module); every other feature is enabled.</param>
    /// <exception cref="YangException">A module is invalid; the message names the file and line.</exception>
    public static SchemaContext Compile(
        IEnumerable<(string FileName, string Text)> sources,
        IEnumerable<string> implemented,
        IEnumerable<string>? disabledFeatures = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(implemented);
        var modules = ModuleLoader.Load(sources);
        return new CompileSession(modules, implemented, disabledFeatures ?? []).Run();
    }

    /// <summary>Compiles every <c>*.yang</c> file of <paramref name="directory"/>, implementing all of them.</summary>
    public static SchemaContext CompileDirectory(string directory, IEnumerable<string>? disabledFeatures = null)
    {
        var sources = Directory.GetFiles(directory, "*.yang").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToList();
        var modules = ModuleLoader.Load(sources);
        return new CompileSession(modules, modules.Select(m => m.Module.Name), disabledFeatures ?? []).Run();
    }
}
