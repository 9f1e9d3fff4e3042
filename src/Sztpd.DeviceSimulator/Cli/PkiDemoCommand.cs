using System.Net;
using Sztpd.DeviceSimulator.DemoPki;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary><c>sztp-device pki demo</c>: a demo PKI for N devices and the configuration that serves them.</summary>
public sealed class PkiDemoCommand : ICommand
{
    private static readonly string[] Options = ["--devices", "--out", "--address", "--nbi-port", "--sbi-port", "--admin", "--device-password", "--serial-prefix", "--server-key", "--idevids"];
    private static readonly string[] Flags = ["--signed"];

    public string Name => "pki demo";

    public string Usage => "pki demo --devices N --out DIR [--signed] [--address A] [--nbi-port P] [--sbi-port Q] [--admin EMAIL:PASSWORD] [--device-password P] [--serial-prefix S] [--server-key p256|rsa2048] [--idevids N]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var cl = CommandLine.Parse(args, Options, Flags);
        var admin = cl.Get("--admin") ?? "admin@example.com:admin-secret";
        if (admin.Split(':', 2) is not [{ Length: > 0 } email, { Length: > 0 } password])
        {
            throw new CommandLineException("--admin must be EMAIL:PASSWORD.");
        }

        var address = cl.Get("--address") ?? "127.0.0.1";
        var options = new DemoPkiOptions
        {
            Devices = cl.GetInt("--devices", 0),
            OutputDirectory = cl.Require("--out"),
            Signed = cl.Has("--signed"),
            Address = IPAddress.TryParse(address, out var ip) ? ip : throw new CommandLineException($"--address must be an IP address, not \"{address}\"."),
            NbiPort = Port(cl, "--nbi-port", 8080),
            SbiPort = Port(cl, "--sbi-port", 8443),
            AdminEmail = email,
            AdminPassword = password,
            DevicePassword = cl.Get("--device-password"),
            SerialPrefix = cl.Get("--serial-prefix") ?? "demo-",
            Idevids = cl.Get("--idevids") is null ? null : cl.GetInt("--idevids", 0),
            RsaServerKey = (cl.Get("--server-key") ?? "p256") switch
            {
                "p256" => false,
                "rsa2048" => true,
                var other => throw new CommandLineException($"--server-key must be p256 or rsa2048, not \"{other}\"."),
            },
        };
        if (options.Devices < 1)
        {
            throw new CommandLineException("--devices N is required (at least 1).");
        }

        var files = DemoPkiWriter.Write(options);
        var dir = Path.GetFullPath(options.OutputDirectory);
        await stdout.WriteLineAsync($"Wrote {files.Count} files to {dir} for {options.Devices} devices ({options.Serial(1)} ... {options.Serial(options.Devices)}){(options.Signed ? ", signed" : "")}.").ConfigureAwait(false);
        await stdout.WriteLineAsync($"Configure a running sztpd (native interface on {options.Address}:{options.NbiPort}):").ConfigureAwait(false);
        await stdout.WriteLineAsync($"  curl -X PUT -H 'Content-Type: application/yang-data+json' --data @{dir}/running.json http://{options.Address}:{options.NbiPort}/restconf/ds/ietf-datastores:running").ConfigureAwait(false);
        await stdout.WriteLineAsync("Bootstrap the first device:").ConfigureAwait(false);
        await stdout.WriteLineAsync($"  sztp-device run --bootstrap-url https://{options.Address}:{options.SbiPort} --cert {dir}/devices/{options.Serial(1)}/cert.pem --key {dir}/devices/{options.Serial(1)}/key.pem --trust-anchor {dir}/server-ca.pem{(options.Signed ? $" --voucher-trust-anchor {dir}/voucher-signer-ca.pem" : "")}{(options.DevicePassword is null ? "" : " --password " + options.DevicePassword)} --out /tmp/{options.Serial(1)}").ConfigureAwait(false);
        return 0;
    }

    private static int Port(CommandLine cl, string option, int fallback)
    {
        var port = cl.GetInt(option, fallback);
        return port <= 65535 ? port : throw new CommandLineException($"{option} must be a TCP port (1-65535).");
    }
}
