using System.Text.Json;
using Sztpd.Core.Bootstrapping;
using Sztpd.Core.Configuration;

namespace Sztpd.Core.Rules;

/// <summary>
/// What a configuration would leave a profiled family of devices unable to do (docs/device-profiles.md): said as warnings
/// with the edit that brings them, never a refusal, since the configuration is valid and may be finished later.
/// </summary>
public static class ProfileWarnings
{
    private const string DeviceInterface = "wn-sztpd-0:rfc8572-interface";

    public static IReadOnlyList<string> Of(RunningConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var cisco = config.DeviceTypes.Values.Where(t => t.Profile == DeviceProfile.CiscoIosXe).ToList();
        if (cisco.Count == 0)
        {
            return [];
        }
        var devices = $"cisco-ios-xe devices (device type {string.Join(", ", cisco.Select(t => $"\"{t.Name}\""))})";
        var warnings = new List<string>();
        foreach (var (response, servers) in config.Blocks.RedirectResponses)
        {
            foreach (var name in servers.Where(s => config.Blocks.BootstrapServers.TryGetValue(s, out var server) && server.TrustAnchor is null))
            {
                warnings.Add($"redirect-information-response \"{response}\" names bootstrap server \"{name}\", which has no trust-anchor: {devices} redirected there accept it untrusted and send it no progress reports.");
            }
        }
        foreach (var image in config.Blocks.BootImages.Values.Where(i => i.OsName is null || i.OsVersion is null))
        {
            warnings.Add($"boot-image \"{image.Name}\" has no os-name or os-version: {devices} skip the image update.");
        }
        if (!config.Listeners.Any(l => l.UseFor == DeviceInterface && l.ServerIdentity is not null && l.TlsVersions is ["tls12"]))
        {
            warnings.Add($"no HTTPS device listener offers TLS 1.2 only (sztpd-ext:hello-params): {devices}, whose keys sign only RSA PKCS #1 v1.5, send no certificate where TLS 1.3 is offered.");
        }
        foreach (var type in cisco.Where(t => t.SignedData is null))
        {
            warnings.Add($"device type \"{type.Name}\" (cisco-ios-xe) has no signed-data: these devices accept only signed conveyed information with an ownership voucher and an owner certificate.");
        }
        return warnings;
    }

    /// <summary>At most this many devices are named in the warnings of one edit; the rest are counted.</summary>
    public const int MaxDevicesNamed = 10;

    /// <summary>
    /// The devices of an edit's body (<paramref name="devices"/>, from <see cref="DevicesOf"/>) that their device type's serial-number-regex
    /// (its own, or its profile's) can never produce: such a device is never identified, so its vouchers (whose serial
    /// number is the device's, which the edit checked) are never sent. A Cisco switch entered as
    /// <c>PID:C9300-24T SN:FCW2126G05V</c> instead of <c>FCW2126G05V</c> is the usual case.
    /// </summary>
    public static IReadOnlyList<string> OfDevices(RunningConfiguration config, IReadOnlyList<(string? SerialNumber, string? DeviceType)> devices)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(devices);
        var unreachable = devices
            .Select(d => (d.SerialNumber, config.DeviceTypeOf(d.DeviceType)))
            .Where(d => d.Item1 is not null && d.Item2?.SerialNumberRule is { } rule && !SerialNumbers.CanProduce(rule, d.Item1))
            .Select(d => $"device \"{d.Item1}\": the serial-number-regex \"{d.Item2!.SerialNumberRule!.Regex}\" of device type \"{d.Item2.Name}\" can never produce this serial number, so the device is never identified and its vouchers never sent.")
            .ToList();
        return unreachable.Count <= MaxDevicesNamed
            ? unreachable
            : [.. unreachable.Take(MaxDevicesNamed), $"{unreachable.Count - MaxDevicesNamed} more devices of this edit are never identified for the same reason."];
    }

    /// <summary>
    /// The serial numbers and device types of the devices in an edit's body, for <see cref="OfDevices"/>; taken before
    /// the edit, which consumes the body, from its document (which makes no node). The few device types are shared.
    /// </summary>
    public static IReadOnlyList<(string? SerialNumber, string? DeviceType)> DevicesOf(JsonElement body)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Shared(string? type) => type is null ? null : types.TryGetValue(type, out var same) ? same : types[type] = type;
        return [.. Devices(body).Select(d => (Text(d, "serial-number"), Shared(Text(d, "device-type"))))];
    }

    private static string? Text(JsonElement entry, string member) =>
        entry.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The device list entries in <paramref name="node"/>: under a <c>device</c> member, as an array or one object.</summary>
    private static IEnumerable<JsonElement> Devices(JsonElement node)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return [];
        }
        return node.EnumerateObject().SelectMany(p => p.Name is "device" or "wn-sztpd-1:device"
            ? p.Value.ValueKind switch
            {
                JsonValueKind.Array => p.Value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object),
                JsonValueKind.Object => [p.Value],
                _ => [],
            }
            : Devices(p.Value));
    }
}
