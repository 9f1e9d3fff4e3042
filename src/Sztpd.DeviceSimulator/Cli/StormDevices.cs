using Sztpd.DeviceSimulator.Device;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary>The devices of a demo PKI (<c>pki demo</c>) that <c>storm</c> bootstraps: one per folder of <c>DIR/devices</c>.</summary>
internal static class StormDevices
{
    /// <summary>The device folders of <paramref name="pki"/>, in order.</summary>
    /// <exception cref="ArgumentException">The PKI has no devices.</exception>
    public static IReadOnlyList<string> Folders(string pki)
    {
        var devices = Path.Combine(pki, "devices");
        var folders = Directory.Exists(devices)
            ? Directory.GetDirectories(devices).Order(StringComparer.Ordinal).ToList()
            : throw new ArgumentException($"{pki} has no devices folder; create it with \"sztp-device pki demo\".");
        return folders.Count > 0 ? folders : throw new ArgumentException($"{pki}/devices holds no device.");
    }

    /// <summary>
    /// One device per folder, made by <paramref name="create"/> from its IDevID and trusting the PKI's trust anchors; on a
    /// failure, the credentials read so far are disposed.
    /// </summary>
    public static List<DeviceOptions> Load(string pki, IEnumerable<string> folders, string? password, Func<DeviceCredentials, DeviceOptions> create)
    {
        var serverAnchors = TrustAnchorFiles.Read(Existing(pki, "server-ca.pem"));
        var voucherAnchors = TrustAnchorFiles.Read(Existing(pki, "voucher-signer-ca.pem"));
        var devices = new List<DeviceOptions>();
        try
        {
            foreach (var folder in folders)
            {
                var credentials = DeviceCredentials.FromPem(Path.Combine(folder, "cert.pem"), Path.Combine(folder, "key.pem"), password);
                devices.Add(create(credentials) with { BootstrapServerTrustAnchors = serverAnchors, VoucherTrustAnchors = voucherAnchors });
            }

            return devices;
        }
        catch
        {
            devices.ForEach(d => d.Credentials.Dispose());
            throw;
        }
    }

    private static string[] Existing(string pki, string name) => File.Exists(Path.Combine(pki, name)) ? [Path.Combine(pki, name)] : [];
}
