using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sztpd.DeviceSimulator.Tests.Artifacts;
using Sztpd.Pki.Certificates;
using Sztpd.Pki.Vouchers;
using Sztpd.Testing;

namespace Sztpd.DeviceSimulator.Tests.DemoPki;

/// <summary><c>sztp-device pki demo</c>: the files of its command-line contract, and what they hold.</summary>
public sealed class PkiDemoCommandTests
{
    private static X509Certificate2Collection Pem(string path)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(path);
        return all;
    }

    [Fact]
    public async Task Signed_WritesTheContractsFiles_CertificatesThatChain_VouchersThatVerify_AndTheConfiguration()
    {
        using var dir = new TempDirectory("sztp-demo");

        var run = await CommandRun.RunAsync("pki", "demo", "--devices", "3", "--out", dir.Path, "--signed", "--device-password", "pw",
            "--nbi-port", "9001", "--sbi-port", "9002", "--admin", "ops@example.com:s3cret");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var manufacturer = Pem(dir.Combine("manufacturer-ca.pem"));
        var owner = Pem(dir.Combine("owner-cert.pem"));
        Assert.True(TrustChain.Builds(owner[0], Pem(dir.Combine("pinned-domain-cert.pem"))));
        var server = Pem(dir.Combine("server-cert.pem"));
        Assert.True(TrustChain.Builds(server[0], Pem(dir.Combine("server-ca.pem"))));
        foreach (var serial in new[] { "demo-0001", "demo-0002", "demo-0003" })
        {
            var idevid = X509Certificate2.CreateFromPemFile(dir.Combine($"devices/{serial}/cert.pem"), dir.Combine($"devices/{serial}/key.pem"));
            Assert.Equal(serial, DeviceSerialNumber.Of(idevid));
            Assert.True(TrustChain.Builds(idevid, manufacturer));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir.Combine($"devices/{serial}/key.pem")));
            }

            var voucher = File.ReadAllBytes(dir.Combine($"devices/{serial}/ownership-voucher.cms"));
            Assert.True(OwnershipVoucherValidator.TryValidate(voucher, Pem(dir.Combine("voucher-signer-ca.pem")), serial, [.. owner], DateTimeOffset.UtcNow, null, out _, out var error), error);
        }

        var config = JsonNode.Parse(File.ReadAllText(dir.Combine("running.json")))!;
        var endpoints = config["wn-sztpd-1:transport"]!["listen"]!["endpoint"]!.AsArray();
        Assert.Equal([9001, 9002], endpoints.Select(e => (int)(e!["http"] ?? e["https"])!["tcp-server-parameters"]!["local-port"]!));
        Assert.Equal("ops@example.com", (string?)config["wn-sztpd-1:admin-accounts"]!["admin-account"]![0]!["email-address"]);
        var devices = config["wn-sztpd-1:devices"]!["device"]!.AsArray();
        Assert.Equal(3, devices.Count);
        Assert.All(devices, d => Assert.Equal("$0$pw", (string?)d!["activation-code"]));
        Assert.All(devices, d => Assert.NotNull(d!["sztpd-ext:ownership-vouchers"]));
        Assert.Equal("always", (string?)config["wn-sztpd-1:device-types"]!["device-type"]![0]!["sztpd-ext:signed-data"]!["sign-responses"]);
        Assert.Contains($"--voucher-trust-anchor {dir.Path}/voucher-signer-ca.pem", run.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>--server-key rsa2048</c> makes the whole TLS server chain RSA (root and server certificate, each signed with RSA
    /// PKCS #1 v1.5 SHA-256) for devices that verify nothing else; the default stays ECDSA P-256 throughout. Checked by
    /// <c>openssl x509 -text</c> and <c>openssl verify</c>.
    /// </summary>
    [Theory]
    [InlineData("rsa2048", "rsaEncryption", "sha256WithRSAEncryption")]
    [InlineData("p256", "id-ecPublicKey", "ecdsa-with-SHA256")]
    public async Task ServerKey_TheServerChainIsAllOfThatAlgorithm(string serverKey, string publicKey, string signature)
    {
        using var dir = new TempDirectory("sztp-demo");

        var run = await CommandRun.RunAsync("pki", "demo", "--devices", "1", "--out", dir.Path, "--server-key", serverKey);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var chain = Pem(dir.Combine("server-cert.pem"));
        Assert.Equal(2, chain.Count);
        Assert.Equal(chain[1].RawData, Pem(dir.Combine("server-ca.pem"))[0].RawData);
        foreach (var (certificate, i) in chain.Select((c, i) => (c, i)))
        {
            var (code, text, error) = OpenSsl.Run(["x509", "-noout", "-text", "-in", dir.WriteText($"chain-{i}.pem", certificate.ExportCertificatePem())]);
            Assert.True(code == 0, error);
            Assert.Contains($"Public Key Algorithm: {publicKey}", text, StringComparison.Ordinal);
            var signatures = text.Split('\n').Where(l => l.Contains("Signature Algorithm:", StringComparison.Ordinal)).Select(l => l.Trim()).Distinct().ToList();
            Assert.Equal([$"Signature Algorithm: {signature}"], signatures);
        }

        var (verified, output, verifyError) = OpenSsl.Run(["verify", "-CAfile", dir.Combine("server-ca.pem"), dir.Combine("chain-0.pem")]);
        Assert.True(verified == 0, output + verifyError);
    }

    /// <summary>
    /// <c>--profile cisco-ios-xe</c>: each cert.pem is a Cisco-like SUDI (RSA, sha1WithRSAEncryption, <c>SN:</c> in the
    /// serialNumber) followed by its SHA-1 issuing CA, which <c>openssl verify</c> chains to manufacturer-ca.pem alone;
    /// the configuration signs, serves TLS 1.2 only, and names the profile on the device type.
    /// </summary>
    [Fact]
    public async Task CiscoProfile_WritesSha1SudiChains_AndTheRecipesConfiguration()
    {
        using var dir = new TempDirectory("sztp-demo");

        var run = await CommandRun.RunAsync("pki", "demo", "--devices", "1", "--out", dir.Path, "--profile", "cisco-ios-xe");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var chain = Pem(dir.Combine("devices/demo-0001/cert.pem"));
        Assert.Equal(2, chain.Count);
        var (_, sudi, _) = OpenSsl.Run(["x509", "-noout", "-text", "-in", dir.Combine("devices/demo-0001/cert.pem")]);
        Assert.Contains("Signature Algorithm: sha1WithRSAEncryption", sudi, StringComparison.Ordinal);
        Assert.Contains("Public Key Algorithm: rsaEncryption", sudi, StringComparison.Ordinal);
        Assert.Contains("serialNumber = PID:C9300-24T SN:demo-0001", sudi, StringComparison.Ordinal);
        var (verified, output, error) = OpenSsl.Run(["verify", "-auth_level", "0", "-CAfile", dir.Combine("manufacturer-ca.pem"),
            "-untrusted", dir.Combine("devices/demo-0001/cert.pem"), dir.Combine("devices/demo-0001/cert.pem")]);
        Assert.True(verified == 0, output + error);
        Assert.True(File.Exists(dir.Combine("devices/demo-0001/ownership-voucher.cms")));
        var config = JsonNode.Parse(File.ReadAllText(dir.Combine("running.json")))!;
        var type = config["wn-sztpd-1:device-types"]!["device-type"]![0]!;
        Assert.Equal("cisco-ios-xe", (string?)type["sztpd-ext:device-profile"]);
        Assert.Equal("always", (string?)type["sztpd-ext:signed-data"]!["sign-responses"]);
        var sbi = config["wn-sztpd-1:transport"]!["listen"]!["endpoint"]![1]!["https"]!["tls-server-parameters"]!;
        Assert.Equal("tls12", (string?)sbi["sztpd-ext:hello-params"]!["tls-version"]!.AsArray().Single());
        Assert.Contains("sztp-device run --profile cisco-ios-xe ", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsigned_HasNoVouchersNoActivationCodesAndNoSigning()
    {
        using var dir = new TempDirectory("sztp-demo");

        Assert.Equal(0, (await CommandRun.RunAsync("pki", "demo", "--devices", "1", "--out", dir.Path)).ExitCode);

        var config = JsonNode.Parse(File.ReadAllText(dir.Combine("running.json")))!;
        var device = config["wn-sztpd-1:devices"]!["device"]![0]!;
        Assert.Null(device["activation-code"]);
        Assert.Null(device["sztpd-ext:ownership-vouchers"]);
        Assert.Null(config["wn-sztpd-1:device-types"]!["device-type"]![0]!["sztpd-ext:signed-data"]);
        Assert.False(File.Exists(dir.Combine("devices/demo-0001/ownership-voucher.cms")));
    }

    [Fact]
    public async Task Idevids_ConfiguresEveryDevice_ButWritesCredentialsForTheFirstOnly()
    {
        using var dir = new TempDirectory("sztp-demo");

        Assert.Equal(0, (await CommandRun.RunAsync("pki", "demo", "--devices", "5", "--idevids", "2", "--signed", "--out", dir.Path)).ExitCode);

        var devices = JsonNode.Parse(File.ReadAllText(dir.Combine("running.json")))!["wn-sztpd-1:devices"]!["device"]!.AsArray();
        Assert.Equal(["demo-0001", "demo-0002", "demo-0003", "demo-0004", "demo-0005"], devices.Select(d => (string?)d!["serial-number"]));
        Assert.Equal(["demo-0001", "demo-0002"], Directory.GetDirectories(dir.Combine("devices")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.NotNull(devices[1]!["sztpd-ext:ownership-vouchers"]);
        Assert.Null(devices[2]!["sztpd-ext:ownership-vouchers"]);
    }

    [Theory]
    [InlineData("--admin", "no-colon", "--admin must be EMAIL:PASSWORD.")]
    [InlineData("--address", "localhost", "--address must be an IP address")]
    [InlineData("--sbi-port", "70000", "--sbi-port must be a TCP port")]
    [InlineData("--server-key", "ed25519", "Argument 'ed25519' not recognized. Must be one of:")]
    public async Task BadOptions_Exit2_WithTheReason(string option, string value, string reason)
    {
        using var dir = new TempDirectory("sztp-demo");

        var run = await CommandRun.RunAsync("pki", "demo", "--devices", "1", "--out", dir.Path, option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(reason, run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("running.json")));
    }
}
