using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using Sztpd.DeviceSimulator.DemoPki;
using Sztpd.DeviceSimulator.Device;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary><c>sztp-device pki demo</c>: a demo PKI for N devices and the configuration that serves them.</summary>
internal sealed class PkiDemoCommand : Command
{
    private readonly Option<int> _devices = new("--devices") { HelpName = "N", Description = "How many devices to configure.", Required = true, CustomParser = r => OptionValues.WholeNumber(r, 1) };
    private readonly Option<string> _out = new("--out") { HelpName = "DIR", Description = "The folder to write to.", Required = true };
    private readonly Option<bool> _signed = new("--signed") { Description = "Owner-signed data: an owner certificate and an ownership voucher per device." };
    private readonly Option<bool> _csr = new("--csr") { Description = "The device type issues devices certificates from their CSRs (RFC 9646), by a CA sztpd keeps." };
    private readonly Option<IPAddress> _address = new("--address") { HelpName = "A", Description = "The server's IP address.", DefaultValueFactory = _ => IPAddress.Loopback, CustomParser = Address };
    private readonly Option<int> _nbiPort = Port("--nbi-port", "The port of the native (HTTP) interface.", 8080);
    private readonly Option<int> _sbiPort = Port("--sbi-port", "The port of the bootstrap server (HTTPS) interface.", 8443);
    private readonly Option<string> _admin = new("--admin") { HelpName = "EMAIL:PASSWORD", Description = "The administrator.", DefaultValueFactory = _ => "admin@example.com:admin-secret" };
    private readonly Option<string> _devicePassword = new("--device-password") { HelpName = "P", Description = "An activation code per device (otherwise devices authenticate by certificate alone)." };
    private readonly Option<string> _serialPrefix = new("--serial-prefix") { HelpName = "S", Description = "The serial numbers' prefix.", DefaultValueFactory = _ => "demo-" };
    private readonly Option<string> _serverKey = new("--server-key") { HelpName = "p256|rsa2048", Description = "The key type of the TLS server certificate; rsa2048 makes its CA RSA too (an all-RSA chain).", DefaultValueFactory = _ => "p256" };
    private readonly Option<string> _profile = OptionValues.Profile(
        "Whose devices to serve: cisco-ios-xe adds --signed and --server-key rsa2048, a TLS 1.2 listener and Cisco-like SUDIs (RSA, SHA-1 chain, SN: in the subject); "
        + "arista-eos uses configuration-handling replace. The device type gets the device-profile.");
    private readonly Option<int?> _idevids = new("--idevids") { HelpName = "M", Description = "Write credentials (and vouchers) for the first M devices only (default: all).", CustomParser = r => OptionValues.WholeNumber(r, 1) };

    public PkiDemoCommand()
        : base("demo", "Writes a demo PKI for N devices (ECDSA P-256) and the running configuration that serves them.")
    {
        foreach (var option in new Option[] { _devices, _out, _signed, _csr, _address, _nbiPort, _sbiPort, _admin, _devicePassword, _serialPrefix, _serverKey, _profile, _idevids })
        {
            Add(option);
        }

        _serverKey.AcceptOnlyFromAmong("p256", "rsa2048");
        _admin.Validators.Add(r =>
        {
            if (Admin(r.GetValueOrDefault<string>()) is null)
            {
                r.AddError("--admin must be EMAIL:PASSWORD.");
            }
        });
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var (email, password) = Admin(parseResult.GetRequiredValue(_admin))!.Value;
        var options = new DemoPkiOptions
        {
            Devices = parseResult.GetValue(_devices),
            OutputDirectory = parseResult.GetRequiredValue(_out),
            Signed = parseResult.GetValue(_signed),
            Csr = parseResult.GetValue(_csr),
            Address = parseResult.GetRequiredValue(_address),
            NbiPort = parseResult.GetValue(_nbiPort),
            SbiPort = parseResult.GetValue(_sbiPort),
            AdminEmail = email,
            AdminPassword = password,
            DevicePassword = parseResult.GetValue(_devicePassword),
            SerialPrefix = parseResult.GetRequiredValue(_serialPrefix),
            Idevids = parseResult.GetValue(_idevids),
            RsaServerKey = parseResult.GetValue(_serverKey) == "rsa2048",
            Profile = DeviceProfiles.ByName[parseResult.GetRequiredValue(_profile)],
        };

        var files = DemoPkiWriter.Write(options);
        var dir = Path.GetFullPath(options.OutputDirectory);
        await stdout.WriteLineAsync($"Wrote {files.Count} files to {dir} for {options.Devices} devices ({options.Serial(1)} ... {options.Serial(options.Devices)}){(options.SignsResponses ? ", signed" : "")}.").ConfigureAwait(false);
        await stdout.WriteLineAsync($"Configure a running sztpd (native interface on {options.Address}:{options.NbiPort}):").ConfigureAwait(false);
        await stdout.WriteLineAsync($"  curl -X PUT -H 'Content-Type: application/yang-data+json' --data @{dir}/running.json http://{options.Address}:{options.NbiPort}/restconf/ds/ietf-datastores:running").ConfigureAwait(false);
        await stdout.WriteLineAsync("Bootstrap the first device:").ConfigureAwait(false);
        var profile = options.Profile == DeviceProfile.Generic ? "" : " --profile " + DeviceProfiles.NameOf(options.Profile);
        await stdout.WriteLineAsync($"  sztp-device run{profile} --bootstrap-url https://{options.Address}:{options.SbiPort} --cert {dir}/devices/{options.Serial(1)}/cert.pem --key {dir}/devices/{options.Serial(1)}/key.pem --trust-anchor {dir}/server-ca.pem{(options.SignsResponses ? $" --voucher-trust-anchor {dir}/voucher-signer-ca.pem" : "")}{(options.DevicePassword is null ? "" : " --password " + options.DevicePassword)} --out /tmp/{options.Serial(1)}").ConfigureAwait(false);
        return 0;
    }

    private static (string Email, string Password)? Admin(string? text) =>
        text?.Split(':', 2) is [{ Length: > 0 } email, { Length: > 0 } password] ? (email, password) : null;

    private static IPAddress Address(ArgumentResult result) =>
        IPAddress.TryParse(result.Tokens[^1].Value, out var address)
            ? address
            : OptionValues.Refuse(result, $"--address must be an IP address, not \"{result.Tokens[^1].Value}\".", IPAddress.None);

    private static Option<int> Port(string name, string description, int fallback) => new(name)
    {
        HelpName = "PORT",
        Description = description,
        DefaultValueFactory = _ => fallback,
        CustomParser = r => OptionValues.WholeNumber(r, 1) is var port && port <= 65535
            ? port
            : OptionValues.Refuse(r, $"{name} must be a TCP port (1-65535).", 0),
    };
}
