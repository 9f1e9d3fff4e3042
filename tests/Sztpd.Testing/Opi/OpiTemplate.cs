using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Sztpd.Testing.Opi;

/// <summary>
/// The opiproject/sztp running configuration (<c>shared/opi-data/opiproject-sztp/config/sztpd.running.json.template</c>)
/// with its <c>$VARS</c> filled the way its docker-entrypoint.sh fills them, from a per-run <see cref="OpiPki"/>.
/// </summary>
public static partial class OpiTemplate
{
    public const string AdminEmail = "my-admin@example.com";
    public const string AdminPassword = "my-secret";
    public const string ActivationCode = "my-secret";

    /// <summary>The config folder of the opi fixtures.</summary>
    public static string ConfigFolder => TestData.Path(System.IO.Path.Combine("opi-data", "opiproject-sztp", "config"));

    /// <summary>The boot image of one device (<c>first</c>, <c>second</c>, <c>third</c>).</summary>
    public static string BootImagePath(string which) =>
        TestData.Path(System.IO.Path.Combine("opi-data", "opiproject-sztp", "images", which + "-boot-image.img"));

    /// <summary>The running template with every variable substituted.</summary>
    public static string Running(OpiPki pki, int nbiPort, int sbiPort, string address = "127.0.0.1") =>
        Fill("sztpd.running.json.template", pki, nbiPort, sbiPort, address);

    /// <summary>The redirecter template, pointing devices at <paramref name="bootstrapAddress"/>:<paramref name="bootstrapPort"/>.</summary>
    public static string Redirect(OpiPki pki, int nbiPort, int sbiPort, string bootstrapAddress, int bootstrapPort, string address = "127.0.0.1") =>
        Fill("sztpd.redirect.json.template", pki, nbiPort, sbiPort, address, bootstrapAddress, bootstrapPort);

    private static string Fill(string template, OpiPki pki, int nbiPort, int sbiPort, string address, string? bootstrapAddress = null, int bootstrapPort = 0)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SZTPD_INIT_ADDR"] = address,
            ["SZTPD_NBI_PORT"] = nbiPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SZTPD_SBI_PORT"] = sbiPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SBI_PRI_KEY_B64"] = pki.SbiPrivateKeyB64,
            ["SBI_PUB_KEY_B64"] = pki.SbiPublicKeyB64,
            ["SBI_EE_CERT_B64"] = pki.SbiEeCertB64,
            ["CLIENT_CERT_TA_B64"] = pki.ClientCertTaB64,
            ["BOOTSVR_TA_CERT_B64"] = pki.BootsvrTaCertB64,
        };
        if (bootstrapAddress is not null)
        {
            values["BOOTSVR_ADDR"] = bootstrapAddress;
            values["BOOTSVR_PORT"] = bootstrapPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        foreach (var v in new[] { "first", "second", "third" })
        {
            var upper = v.ToUpperInvariant();
            values[upper + "_BOOT_IMG_HASH_VAL"] = ColonHex(SHA256.HashData(File.ReadAllBytes(BootImagePath(v))));
            values[upper + "_CONFIG_B64"] = FileBase64(v + "-configuration.xml");
            values[upper + "_PRE_SCRIPT_B64"] = FileBase64(v + "-pre-configuration-script.sh");
            values[upper + "_POST_SCRIPT_B64"] = FileBase64(v + "-post-configuration-script.sh");
        }
        var text = File.ReadAllText(System.IO.Path.Combine(ConfigFolder, template));
        return Variable().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var value)
            ? value
            : throw new InvalidOperationException($"{template}: no value for ${m.Groups[1].Value}"));
    }

    /// <summary><c>openssl dgst -sha256 -c</c> form: lower-case hex bytes joined by colons.</summary>
    public static string ColonHex(byte[] bytes) => string.Join(':', bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    private static string FileBase64(string name) => Convert.ToBase64String(File.ReadAllBytes(System.IO.Path.Combine(ConfigFolder, name)));

    // $0$my-secret is not a variable: names start with an upper-case letter.
    [GeneratedRegex(@"\$([A-Z][A-Z0-9_]*)")]
    private static partial Regex Variable();
}
