namespace Sztpd.Core.Configuration;

/// <summary>The choice of a matched response.</summary>
public enum ResponseKind
{
    None,
    RedirectInformation,
    OnboardingInformation,
    DynamicCallout,
}
