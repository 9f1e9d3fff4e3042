using System.Text.Json;
using Sztpd.DeviceSimulator.Device;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary><c>sztp-device run</c>: bootstraps one device, printing each step on stderr and a JSON summary on stdout.</summary>
public sealed class RunCommand : ICommand
{
    public string Name => "run";

    public string Usage => "run (--bootstrap-url URL | --dhcp-v4 HEX | --dhcp-v6 HEX | --removable-storage DIR) ... (--cert FILE --key FILE | --pkcs12 FILE [--pkcs12-password P]) "
        + "[--password P] [--serial-number S] [--trust-anchor FILE] [--voucher-trust-anchor FILE] [--signed-data-preferred] [--nonce | --nonce-base64 B64] "
        + "[--xml] [--csr] [--out DIR] [--no-download] [--run-scripts] [--verbose-reports] [--hw-model M] [--os-name N] [--os-version V] [--timeout SECONDS] [--quiet]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var cl = DeviceArguments.Parse(args);
        var sources = DeviceArguments.Sources(cl);
        using var credentials = DeviceArguments.Credentials(cl);
        var options = DeviceArguments.DeviceOptions(cl, credentials, cl.Has("--quiet") ? null : step =>
        {
            lock (stderr)
            {
                stderr.WriteLine(step.ToString());
            }
        });
        if (!cl.Has("--quiet"))
        {
            await stderr.WriteLineAsync($"Device {credentials.SerialNumber} ({credentials.Certificate.Subject}) bootstrapping.").ConfigureAwait(false);
        }

        var result = await new SztpDevice(options).RunAsync(sources, cancellationToken).ConfigureAwait(false);
        await stdout.WriteLineAsync(result.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
        return result.Completed ? 0 : 1;
    }
}
