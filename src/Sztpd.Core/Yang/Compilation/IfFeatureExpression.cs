using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>Evaluates an <c>if-feature</c> expression: <c>not</c>, <c>and</c>, <c>or</c>, parentheses
/// and (prefixed) feature names, with the precedence of RFC 7950 section 7.20.2.</summary>
internal sealed class IfFeatureExpression
{
    private readonly List<string> tokens = [];
    private readonly Statement at;
    private readonly Func<string?, string, bool> isEnabled;
    private int index;

    public IfFeatureExpression(string expression, Statement at, Func<string?, string, bool> isEnabled)
    {
        this.at = at;
        this.isEnabled = isEnabled;
        foreach (var word in Names.Words(expression.Replace("(", " ( ", StringComparison.Ordinal).Replace(")", " ) ", StringComparison.Ordinal)))
        {
            tokens.Add(word);
        }
    }

    public bool Evaluate()
    {
        var result = Or();
        if (index != tokens.Count)
        {
            throw Invalid();
        }
        return result;
    }

    private bool Or()
    {
        var result = And();
        while (Accept("or"))
        {
            result |= And();
        }
        return result;
    }

    private bool And()
    {
        var result = Factor();
        while (Accept("and"))
        {
            result &= Factor();
        }
        return result;
    }

    private bool Factor()
    {
        if (Accept("not"))
        {
            return !Factor();
        }
        if (Accept("("))
        {
            var result = Or();
            return Accept(")") ? result : throw Invalid();
        }
        if (index >= tokens.Count || tokens[index] is ")" or "and" or "or")
        {
            throw Invalid();
        }
        var (prefix, name) = Names.Split(tokens[index++]);
        return isEnabled(prefix, name);
    }

    private bool Accept(string token)
    {
        if (index < tokens.Count && tokens[index] == token)
        {
            index++;
            return true;
        }
        return false;
    }

    private YangException Invalid() => at.Error($"invalid if-feature expression '{at.Argument}'");
}
