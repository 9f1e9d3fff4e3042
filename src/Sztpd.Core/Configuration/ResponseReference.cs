namespace Sztpd.Core.Configuration;

/// <summary>What a matched response answers: nothing (<c>none</c>), or the named redirect or onboarding information, or a dynamic callout.</summary>
public sealed record ResponseReference(ResponseKind Kind, string? Name = null);
