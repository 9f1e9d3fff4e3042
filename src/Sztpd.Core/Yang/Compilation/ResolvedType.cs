namespace Sztpd.Core.Yang.Compilation;

/// <summary>A resolved type with the default and units its typedef chain supplies (RFC 7950 sections 7.3.3, 7.3.4).</summary>
internal sealed record ResolvedType(YangType Type, string? Default, string? Units);
