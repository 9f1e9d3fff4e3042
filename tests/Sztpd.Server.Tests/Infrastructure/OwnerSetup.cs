using System.Text.Json.Nodes;
using Sztpd.Testing;
using Sztpd.Testing.Pki;

namespace Sztpd.Server.Tests.Infrastructure;

/// <summary>
/// An owner and a manufacturer for signed-data tests: the owner's key and certificate chain in the keystore, the
/// manufacturer's voucher trust anchor in the truststore, and the opi device type set to sign.
/// </summary>
public sealed class OwnerSetup : IDisposable
{
    public const string Serial = "third-serial-number";

    private OwnerSetup(OpiPki pki)
    {
        Owner = new TestOwner(pki.Pki);
        Manufacturer = new TestVoucherSigner(pki.Pki);
        Now = pki.Pki.Now;
    }

    public TestOwner Owner { get; }
    public TestVoucherSigner Manufacturer { get; }
    public DateTimeOffset Now { get; }

    /// <summary>A voucher for <paramref name="serial"/> pinning the owner's root, created half an hour ago.</summary>
    public byte[] Voucher(string serial = Serial, byte[]? nonce = null, TestVoucherSigner? signer = null, TestCredential? pinned = null, DateTimeOffset? expiresOn = null) =>
        TestVouchers.Create(signer ?? Manufacturer, serial, (pinned ?? Owner.Root).Certificate, Now.AddMinutes(-30),
            nonce is null ? expiresOn ?? Now.AddDays(1) : null, nonce);

    /// <summary>The <c>sztpd-ext:ownership-vouchers</c> member of a device.</summary>
    public static JsonObject Vouchers(params (string Name, byte[] Voucher)[] vouchers) => new()
    {
        ["ownership-voucher"] = new JsonArray(vouchers.Select(v => (JsonNode)new JsonObject
        {
            ["name"] = v.Name,
            ["voucher"] = Convert.ToBase64String(v.Voucher),
        }).ToArray()),
    };

    /// <summary>
    /// Starts the opi server with the owner configured (sign-responses <paramref name="sign"/>, embed-certificates
    /// <paramref name="embed"/> when given) and <paramref name="vouchers"/> on device "third".
    /// </summary>
    public static async Task<(OpiServer Server, OwnerSetup Owner)> StartAsync(
        string sign = "when-preferred", Func<OwnerSetup, (string, byte[])[]>? vouchers = null, string? embed = null)
    {
        OwnerSetup? setup = null;
        var server = await OpiServer.StartAsync((config, pki) =>
        {
            setup = new OwnerSetup(pki);
            setup.Configure(config, sign, embed);
            if (vouchers is not null)
            {
                Third(config)["sztpd-ext:ownership-vouchers"] = Vouchers(vouchers(setup));
            }
        }).ConfigureAwait(false);
        return (server, setup!);
    }

    private void Configure(JsonObject config, string sign, string? embed)
    {
        var owner = Owner.Owner;
        config["wn-sztpd-1:keystore"]!["asymmetric-keys"]!["asymmetric-key"]!.AsArray().Add(Configs.KeyEntry("owner-key", "owner-cert", owner, Owner.Intermediate));
        config["wn-sztpd-1:truststore"]!["certificate-bags"]!["certificate-bag"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "manufacturer-anchors",
            ["certificate"] = new JsonArray(new JsonObject { ["name"] = "masa-root", ["cert-data"] = TestPki.CmsBase64(Manufacturer.Root) }),
        });
        var signedData = new JsonObject
        {
            ["owner-certificate"] = new JsonObject { ["asymmetric-key"] = "owner-key", ["certificate"] = "owner-cert" },
            ["voucher-trust-anchors"] = "manufacturer-anchors",
            ["sign-responses"] = sign,
        };
        if (embed is not null)
        {
            signedData["embed-certificates"] = embed;
        }
        config["wn-sztpd-1:device-types"]!["device-type"]![0]!["sztpd-ext:signed-data"] = signedData;
    }

    private static JsonObject Third(JsonObject config) =>
        config["wn-sztpd-1:devices"]!["device"]!.AsArray().Single(d => (string?)d!["serial-number"] == Serial)!.AsObject();

    public void Dispose()
    {
        Owner.Dispose();
        Manufacturer.Dispose();
    }
}
