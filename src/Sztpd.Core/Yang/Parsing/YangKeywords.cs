namespace Sztpd.Core.Yang.Parsing;

/// <summary>The statement keywords of RFC 7950 section 14 (unprefixed statements must be one of these).</summary>
internal static class YangKeywords
{
    public static readonly HashSet<string> All = new(StringComparer.Ordinal)
    {
        "action", "anydata", "anyxml", "argument", "augment", "base", "belongs-to", "bit", "case", "choice",
        "config", "contact", "container", "default", "description", "deviate", "deviation", "enum",
        "error-app-tag", "error-message", "extension", "feature", "fraction-digits", "grouping", "identity",
        "if-feature", "import", "include", "input", "key", "leaf", "leaf-list", "length", "list", "mandatory",
        "max-elements", "min-elements", "modifier", "module", "must", "namespace", "notification", "ordered-by",
        "organization", "output", "path", "pattern", "position", "prefix", "presence", "range", "reference",
        "refine", "require-instance", "revision", "revision-date", "rpc", "status", "submodule", "type", "typedef",
        "unique", "units", "uses", "value", "when", "yang-version", "yin-element",
    };
}
