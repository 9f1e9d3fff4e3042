using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Sztpd.DeviceSimulator.Artifacts;
using Sztpd.DeviceSimulator.Device;
using Sztpd.Pki.Cms;
using Sztpd.Pki.Keys;

namespace Sztpd.DeviceSimulator.DemoPki;

/// <summary>
/// The <c>running.json</c> of the demo: one PUT on <c>/restconf/ds/ietf-datastores:running</c> configures the admin, an
/// HTTP native endpoint, an HTTPS rfc8572 endpoint authenticating devices by their IDevID, the device type, the devices
/// and one onboarding response (boot image, scripts, configuration); signed with the owner's key when asked.
/// </summary>
internal static class DemoConfiguration
{
    public const string DeviceType = "demo-device-type";

    public static JsonObject Build(DemoPkiOptions o, DemoPkiArtifacts pki, Func<string, byte[]?> voucherFor, string bootImageUri, byte[] bootImage)
    {
        var keys = new JsonArray(Key("sbi-server-key", "sbi-server-cert", pki.Server, pki.ServerCa));
        var bags = new JsonArray(Bag("device-identity-ca", "manufacturer-ca", pki.ManufacturerCa));
        var deviceType = new JsonObject
        {
            ["name"] = DeviceType,
            ["identity-certificates"] = new JsonObject
            {
                ["verification"] = new JsonObject { ["local-truststore-reference"] = new JsonObject { ["certificate-bag"] = "device-identity-ca", ["certificate"] = "manufacturer-ca" } },
                ["serial-number-extraction"] = "wn-x509-c2n:serial-number",
            },
        };
        if (o.Profile != DeviceProfile.Generic)
        {
            deviceType["sztpd-ext:device-profile"] = DeviceProfiles.NameOf(o.Profile);
        }

        if (o.Csr)
        {
            keys.Add(new JsonObject
            {
                ["name"] = "ldevid-ca",
                ["sztpd-ext:managed"] = new JsonObject
                {
                    ["profile"] = "certificate-authority",
                    ["self-signed"] = new JsonArray((JsonNode?)null),
                    ["subject"] = "CN=Demo LDevID CA,O=Sztpd Demo",
                },
            });
            deviceType["sztpd-ext:csr"] = new JsonObject
            {
                ["certificate-authority"] = new JsonObject { ["asymmetric-key"] = "ldevid-ca", ["certificate"] = "ldevid-ca" },
                ["key"] = "new-key",
                ["validity-days"] = 365,
                // A demo device bootstraps again and again (the benchmarks' storms): each time with a new certificate.
                ["max-certificates"] = 1000,
            };
        }

        if (o.SignsResponses)
        {
            keys.Add(Key("owner-key", "owner-cert", pki.Owner, pki.OwnerCa));
            bags.Add(Bag("voucher-trust-anchors", "voucher-signer-ca", pki.VoucherSignerCa));
            deviceType["sztpd-ext:signed-data"] = new JsonObject
            {
                ["owner-certificate"] = new JsonObject { ["asymmetric-key"] = "owner-key", ["certificate"] = "owner-cert" },
                ["voucher-trust-anchors"] = "voucher-trust-anchors",
                ["sign-responses"] = "always",
            };
        }

        return new JsonObject
        {
            ["wn-sztpd-1:transport"] = Transport(o),
            ["wn-sztpd-1:admin-accounts"] = new JsonObject
            {
                ["admin-account"] = new JsonArray(new JsonObject { ["email-address"] = o.AdminEmail, ["password"] = "$0$" + o.AdminPassword, ["access"] = "unrestricted" }),
            },
            ["wn-sztpd-1:keystore"] = new JsonObject { ["asymmetric-keys"] = new JsonObject { ["asymmetric-key"] = keys } },
            ["wn-sztpd-1:truststore"] = new JsonObject { ["certificate-bags"] = new JsonObject { ["certificate-bag"] = bags } },
            ["wn-sztpd-1:device-types"] = new JsonObject { ["device-type"] = new JsonArray(deviceType) },
            ["wn-sztpd-1:devices"] = new JsonObject { ["device"] = new JsonArray([.. Enumerable.Range(1, o.Devices).Select(i => (JsonNode)Device(o, o.Serial(i), voucherFor))]) },
            ["wn-sztpd-1:boot-images"] = new JsonObject
            {
                ["boot-image"] = new JsonArray(new JsonObject
                {
                    ["name"] = "demo-os-2.0",
                    ["os-name"] = "demo-os",
                    ["os-version"] = "2.0",
                    ["download-uri"] = new JsonArray(bootImageUri),
                    ["image-verification"] = new JsonArray(new JsonObject
                    {
                        ["hash-algorithm"] = "ietf-sztp-conveyed-info:sha-256",
                        ["hash-value"] = HexText.Colon(SHA256.HashData(bootImage)),
                    }),
                }),
            },
            ["wn-sztpd-1:scripts"] = new JsonObject
            {
                ["pre-configuration-script"] = new JsonArray(Script("demo-pre-script", "pre-configuration")),
                ["post-configuration-script"] = new JsonArray(Script("demo-post-script", "post-configuration")),
            },
            ["wn-sztpd-1:configurations"] = new JsonObject
            {
                ["configuration"] = new JsonArray(new JsonObject
                {
                    ["name"] = "demo-configuration",
                    // Arista EOS applies replace only.
                    ["configuration-handling"] = o.Profile == DeviceProfile.AristaEos ? "replace" : "merge",
                    ["config"] = B64("<config xmlns=\"urn:example:sztp-demo\">\n  <hostname>sztp-demo-device</hostname>\n</config>\n"),
                }),
            },
            ["wn-sztpd-1:conveyed-information-responses"] = new JsonObject
            {
                ["onboarding-information-response"] = new JsonArray(new JsonObject
                {
                    ["name"] = "demo-onboarding",
                    ["onboarding-information"] = new JsonObject
                    {
                        ["boot-image"] = "demo-os-2.0",
                        ["pre-configuration-script"] = "demo-pre-script",
                        ["configuration"] = "demo-configuration",
                        ["post-configuration-script"] = "demo-post-script",
                    },
                }),
            },
        };
    }

    private static JsonObject Transport(DemoPkiOptions o) => new()
    {
        ["listen"] = new JsonObject
        {
            ["endpoint"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "native-interface",
                    ["use-for"] = "wn-app:native-interface",
                    ["http"] = new JsonObject { ["tcp-server-parameters"] = Tcp(o, o.NbiPort) },
                },
                new JsonObject
                {
                    ["name"] = "rfc8572-interface",
                    ["use-for"] = "wn-sztpd-0:rfc8572-interface",
                    ["https"] = new JsonObject
                    {
                        ["tcp-server-parameters"] = Tcp(o, o.SbiPort),
                        ["tls-server-parameters"] = TlsVersions(o, new JsonObject
                        {
                            ["server-identity"] = new JsonObject
                            {
                                ["certificate"] = new JsonObject { ["reference"] = new JsonObject { ["asymmetric-key"] = "sbi-server-key", ["certificate"] = "sbi-server-cert" } },
                            },
                            ["client-authentication"] = new JsonObject { ["ca-certs"] = new JsonObject { ["local-truststore-reference"] = "device-identity-ca" } },
                        }),
                        ["http-server-parameters"] = new JsonObject(),
                        ["restconf-server-parameters"] = new JsonObject(),
                    },
                }),
        },
    };

    /// <summary>The device listener's TLS: the Cisco switch's key signs PKCS #1 v1.5 only, which TLS 1.3 does not allow.</summary>
    private static JsonObject TlsVersions(DemoPkiOptions o, JsonObject tls)
    {
        if (o.Profile == DeviceProfile.CiscoIosXe)
        {
            tls["sztpd-ext:hello-params"] = new JsonObject { ["tls-version"] = new JsonArray("tls12") };
        }

        return tls;
    }

    private static JsonObject Tcp(DemoPkiOptions o, int port) => new() { ["local-address"] = o.Address.ToString(), ["local-port"] = port };

    private static JsonObject Device(DemoPkiOptions o, string serial, Func<string, byte[]?> voucherFor)
    {
        var device = new JsonObject { ["serial-number"] = serial, ["device-type"] = DeviceType };
        if (o.DevicePassword is not null)
        {
            device["activation-code"] = "$0$" + o.DevicePassword;
        }

        device["response-manager"] = new JsonObject
        {
            ["matched-response"] = new JsonArray(new JsonObject
            {
                ["name"] = "catch-all-response",
                ["response"] = new JsonObject { ["conveyed-information"] = new JsonObject { ["onboarding-information"] = new JsonObject { ["reference"] = "demo-onboarding" } } },
            }),
        };
        if (voucherFor(serial) is { } voucher)
        {
            device["sztpd-ext:ownership-vouchers"] = new JsonObject
            {
                ["ownership-voucher"] = new JsonArray(new JsonObject { ["name"] = "manufacturer-voucher", ["voucher"] = Convert.ToBase64String(voucher) }),
            };
        }

        return device;
    }

    private static JsonObject Key(string name, string certificateName, X509Certificate2 certificate, X509Certificate2 issuer)
    {
        using var ec = certificate.GetECDsaPrivateKey();
        using var rsa = ec is null ? certificate.GetRSAPrivateKey()! : null;
        return new JsonObject
        {
            ["name"] = name,
            ["public-key-format"] = CryptoTypesFormats.SubjectPublicKeyInfo,
            ["public-key"] = Convert.ToBase64String(certificate.PublicKey.ExportSubjectPublicKeyInfo()),
            ["private-key-format"] = ec is not null ? CryptoTypesFormats.EcPrivateKey : CryptoTypesFormats.RsaPrivateKey,
            ["cleartext-private-key"] = Convert.ToBase64String(ec is not null ? ec.ExportECPrivateKey() : rsa!.ExportRSAPrivateKey()),
            ["certificates"] = new JsonObject
            {
                ["certificate"] = new JsonArray(new JsonObject { ["name"] = certificateName, ["cert-data"] = Convert.ToBase64String(CmsCertificates.CreateDegenerate([certificate, issuer])) }),
            },
        };
    }

    private static JsonObject Bag(string name, string certificateName, X509Certificate2 certificate) => new()
    {
        ["name"] = name,
        ["certificate"] = new JsonArray(new JsonObject { ["name"] = certificateName, ["cert-data"] = Convert.ToBase64String(CmsCertificates.CreateDegenerate([certificate])) }),
    };

    private static JsonObject Script(string name, string which) => new()
    {
        ["name"] = name,
        ["script"] = B64($"#!/bin/sh\necho \"{which} script of the sztp-device demo on $SZTP_SERIAL_NUMBER\"\n"),
    };

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
