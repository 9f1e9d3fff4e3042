using System.CommandLine;
using System.Text.Json;
using Sztpd.DeviceSimulator.Device;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary><c>sztp-device run</c>: bootstraps one device, printing each step on stderr and a JSON summary on stdout.</summary>
internal sealed class RunCommand : Command
{
    private readonly SourceArguments _sources = new();
    private readonly IdentityArguments _identity = new();
    private readonly DeviceArguments _device = new();
    private readonly Option<bool> _quiet = new("--quiet") { Description = "Print no steps on stderr, only the summary on stdout." };

    public RunCommand()
        : base("run", "Bootstraps one device (RFC 8572 section 5) from the sources given (tried in this order: removable storage, DHCP option values, bootstrap URLs), "
            + "with its IDevID (--cert and --key, or --pkcs12). "
            + "Steps on stderr, a JSON summary on stdout; exit status 0 on bootstrap-complete, 1 otherwise.")
    {
        _sources.AddTo(this);
        _identity.AddTo(this);
        _device.AddTo(this);
        Add(_quiet);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var (stdout, stderr) = (parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
        var quiet = parseResult.GetValue(_quiet);
        DeviceProfiles.UseInThisProcess(_device.Profile(parseResult));
        var sources = _sources.Read(parseResult);
        using var credentials = _identity.Read(parseResult);
        var options = _device.Read(parseResult, credentials, quiet ? null : step =>
        {
            lock (stderr)
            {
                stderr.WriteLine(step.ToString());
            }
        });
        if (!quiet)
        {
            await stderr.WriteLineAsync($"Device {credentials.SerialNumber} ({credentials.Certificate.Subject}) bootstrapping.").ConfigureAwait(false);
        }

        var result = await new SztpDevice(options).RunAsync(sources, cancellationToken).ConfigureAwait(false);
        await stdout.WriteLineAsync(result.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
        return result.Completed ? 0 : 1;
    }
}
