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
}
