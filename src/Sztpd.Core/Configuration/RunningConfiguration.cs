namespace Sztpd.Core.Configuration;

/// <summary>
/// The running configuration as the server reads it: listeners, admin accounts and preferences, device types, the
/// conveyed-information building blocks, the keystore and the truststore, the dynamic callouts. Built once per configuration revision by
/// <see cref="ConfigurationMapper"/>, the only code that knows the YANG member names; devices stay rows, mapped one at
/// a time (<see cref="ConfigurationMapper.Device"/>). The northbound RESTCONF interface keeps the generic data tree.
/// </summary>
public sealed record RunningConfiguration
{
    /// <summary><c>transport/listen/endpoint</c>, in order.</summary>
    public required IReadOnlyList<ListenerEndpoint> Listeners { get; init; }

    public required IReadOnlyList<AdminAccount> AdminAccounts { get; init; }

    public required AuthenticationPreferences Authentication { get; init; }

    public required IReadOnlyDictionary<string, DeviceType> DeviceTypes { get; init; }

    public required ConveyedInformationBlocks Blocks { get; init; }

    public required Keystore Keystore { get; init; }

    public required Truststore Truststore { get; init; }

    /// <summary><c>dynamic-callouts/dynamic-callout</c> by name.</summary>
    public IReadOnlyDictionary<string, DynamicCallout> DynamicCallouts { get; init; } = new Dictionary<string, DynamicCallout>();

    /// <summary>Mode x, the host's <c>preferences/wn-sztpd-x:device-ownership-verification</c>: the callout tenants' new devices are verified by, if any.</summary>
    public DynamicCallout? DeviceOwnershipVerification { get; init; }

    /// <summary><c>preferences/outbound-interactions/relay-progress-report-callout</c>: the callout named, if any.</summary>
    public DynamicCallout? RelayProgressReportCallout { get; init; }

    /// <summary><c>preferences/outbound-interactions/sztpd-ext:relay-notification-log-record-callout</c>: the callout named, if any.</summary>
    public DynamicCallout? RelayNotificationCallout { get; init; }

    /// <summary><c>preferences/sztpd-ext:email</c>; null: no e-mail.</summary>
    public EmailSettings? Email { get; init; }

    /// <summary>The device type named <paramref name="name"/>; null when there is none.</summary>
    public DeviceType? DeviceTypeOf(string? name) => name is not null && DeviceTypes.TryGetValue(name, out var type) ? type : null;
}
