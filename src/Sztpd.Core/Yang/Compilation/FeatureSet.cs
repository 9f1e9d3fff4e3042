using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>Which features are enabled (all, except those disabled by the caller or by their own
/// <c>if-feature</c>), and the evaluation of <c>if-feature</c> expressions (RFC 7950 section 7.20.2).</summary>
internal sealed class FeatureSet
{
    private readonly Dictionary<(string Module, string Feature), (Statement Statement, ModuleSource Source)> features = [];
    private readonly HashSet<string> disabled = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Module, string Feature), bool> enabled = [];
    private readonly HashSet<(string Module, string Feature)> evaluating = [];

    public FeatureSet(IEnumerable<ModuleSource> modules, IEnumerable<string> disabledFeatures)
    {
        foreach (var source in modules)
        {
            foreach (var feature in source.Root.All("feature"))
            {
                features[(source.Module.Name, feature.Arg)] = (feature, source);
            }
        }
        foreach (var name in disabledFeatures)
        {
            var (module, feature) = Names.Split(name);
            var known = module is not null && (feature is "" or "*"
                ? features.Keys.Any(k => k.Module == module)
                : features.ContainsKey((module, feature)));
            if (!known)
            {
                throw new YangException($"disabled feature '{name}' is not defined by any module (use module:feature or module:*)");
            }
            disabled.Add(feature is "" or "*" ? module + ":*" : name);
        }
    }

    /// <summary>Records the enabled features in each <see cref="YangModule.Features"/>.</summary>
    public void Publish(IEnumerable<ModuleSource> modules)
    {
        foreach (var source in modules)
        {
            foreach (var feature in source.Root.All("feature"))
            {
                if (IsEnabled(source.Module.Name, feature.Arg, feature))
                {
                    source.Module.Features.Add(feature.Arg);
                }
            }
        }
    }

    /// <summary>True when every <c>if-feature</c> substatement of <paramref name="statement"/> holds.</summary>
    public bool Allows(Statement statement, ModuleSource context)
    {
        var result = true;
        foreach (var ifFeature in statement.All("if-feature"))
        {
            result &= Evaluate(ifFeature.Arg, context, ifFeature);
        }
        return result;
    }

    public bool Evaluate(string expression, ModuleSource context, Statement at) =>
        new IfFeatureExpression(expression, at, (prefix, name) => IsEnabled(context.ModuleNameOf(prefix, at), name, at)).Evaluate();

    public bool IsEnabled(string module, string feature, Statement at)
    {
        var key = (module, feature);
        if (enabled.TryGetValue(key, out var known))
        {
            return known;
        }
        if (!features.TryGetValue(key, out var definition))
        {
            throw at.Error($"feature '{module}:{feature}' is not defined");
        }
        if (!evaluating.Add(key))
        {
            throw at.Error($"feature '{module}:{feature}' depends on itself");
        }
        var result = !disabled.Contains($"{module}:{feature}") && !disabled.Contains(module + ":*")
            && Allows(definition.Statement, definition.Source);
        evaluating.Remove(key);
        enabled[key] = result;
        return result;
    }
}
