namespace Sztpd.Core.Configuration;

/// <summary>
/// The running configuration as the southbound interface reads it: device types, the conveyed-information building
/// blocks, the keystore and the truststore. Built once per configuration revision by <see cref="ConfigurationMapper"/>,
/// the only code that knows the YANG member names; devices stay rows, mapped one at a time (<see cref="ConfigurationMapper.Device"/>).
/// </summary>
public sealed record BootstrapConfiguration
{
    public required IReadOnlyDictionary<string, DeviceType> DeviceTypes { get; init; }

    public required ConveyedInformationBlocks Blocks { get; init; }

    public required Keystore Keystore { get; init; }

    public required Truststore Truststore { get; init; }

    /// <summary>The device type named <paramref name="name"/>; null when there is none.</summary>
    public DeviceType? DeviceTypeOf(string? name) => name is not null && DeviceTypes.TryGetValue(name, out var type) ? type : null;
}
