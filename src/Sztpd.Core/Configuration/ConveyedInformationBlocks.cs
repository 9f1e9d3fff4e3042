namespace Sztpd.Core.Configuration;

/// <summary>
/// The building blocks conveyed information is made of (<c>boot-images</c>, <c>scripts</c>, <c>configurations</c>,
/// <c>bootstrap-servers</c>) and the named responses that combine them (<c>conveyed-information-responses</c>).
/// </summary>
public sealed record ConveyedInformationBlocks
{
    public IReadOnlyDictionary<string, BootImage> BootImages { get; init; } = new Dictionary<string, BootImage>();

    /// <summary><c>pre-configuration-script</c> entries: name to the script (base64), which may be absent.</summary>
    public IReadOnlyDictionary<string, string?> PreConfigurationScripts { get; init; } = new Dictionary<string, string?>();

    /// <summary><c>post-configuration-script</c> entries: name to the script (base64), which may be absent.</summary>
    public IReadOnlyDictionary<string, string?> PostConfigurationScripts { get; init; } = new Dictionary<string, string?>();

    public IReadOnlyDictionary<string, ConfigurationBlock> Configurations { get; init; } = new Dictionary<string, ConfigurationBlock>();

    public IReadOnlyDictionary<string, BootstrapServer> BootstrapServers { get; init; } = new Dictionary<string, BootstrapServer>();

    /// <summary><c>redirect-information-response</c> entries: name to the names of its bootstrap servers, in order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> RedirectResponses { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public IReadOnlyDictionary<string, OnboardingResponse> OnboardingResponses { get; init; } = new Dictionary<string, OnboardingResponse>();
}
