namespace Sztpd.Core.Configuration;

/// <summary>An <c>onboarding-information-response</c>: the names of the building blocks it is made of (each may be absent).</summary>
public sealed record OnboardingResponse(string Name, string? BootImage, string? PreConfigurationScript, string? Configuration, string? PostConfigurationScript);
