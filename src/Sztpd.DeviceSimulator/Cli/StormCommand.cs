using System.CommandLine;
using Sztpd.DeviceSimulator.Device;
using Sztpd.DeviceSimulator.Storm;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary><c>sztp-device storm</c>: many devices of a demo PKI at once; a summary, then one JSON line.</summary>
internal sealed class StormCommand : Command
{
    private readonly Option<Uri> _bootstrapUrl = new("--bootstrap-url") { HelpName = "URL", Description = "The bootstrap server; the RPC URL leaves out host-meta.", Required = true, CustomParser = r => OptionValues.HttpsUrls(r)[^1] };
    private readonly Option<string> _pki = new("--pki") { HelpName = "DIR", Description = "A folder \"pki demo\" wrote: the devices' identities and trust anchors.", Required = true };
    private readonly Option<int?> _devices = new("--devices") { HelpName = "N", Description = "How many devices bootstrap (default: one per identity; identities are reused when N is larger).", CustomParser = r => OptionValues.WholeNumber(r, 1) };
    private readonly Option<int> _concurrency = new("--concurrency") { HelpName = "C", Description = "How many devices at a time.", DefaultValueFactory = _ => 10, CustomParser = r => OptionValues.WholeNumber(r, 1) };
    private readonly Option<int?> _rate = new("--rate") { HelpName = "R", Description = "Start R devices a second, steadily, instead of as fast as C allow (C still caps how many run at once): servers compared at one rate do the same work per second.", CustomParser = r => OptionValues.WholeNumber(r, 1) };
    private readonly Option<int> _warmup = new("--warmup") { HelpName = "N", Description = "First bootstrap N devices that are not counted.", DefaultValueFactory = _ => 0, CustomParser = r => OptionValues.WholeNumber(r, 0) };
    private readonly Option<int?> _keepAlive = new("--keepalive") { HelpName = "K", Description = "Instead, each of C devices sends get-bootstrapping-data K times on one kept-alive connection (needs the RPC URL).", CustomParser = r => OptionValues.WholeNumber(r, 1) };
    private readonly Option<string> _password = new("--password") { HelpName = "P", Description = "Adds HTTP Basic authentication serial:password." };
    private readonly Option<bool> _xml = new("--xml") { Description = "Ask for XML instead of JSON." };
    private readonly Option<bool> _signedDataPreferred = new("--signed-data-preferred") { Description = "Send signed-data-preferred." };
    private readonly Option<bool> _csr = new("--csr") { Description = "Offer csr-support (RFC 9646) and answer a csr-request: each device gets a certificate." };
    private readonly Option<bool> _verboseReports = new("--verbose-reports") { Description = "Send every progress report, not only the required ones." };
    private readonly Option<string> _profile = OptionValues.Profile("Whose devices to copy, as run's --profile.");
    private readonly Option<int> _timeout = new("--timeout") { HelpName = "SECONDS", Description = "The timeout of each request.", DefaultValueFactory = _ => 30, CustomParser = r => OptionValues.WholeNumber(r, 1) };

    public StormCommand()
        : base("storm", "Bootstraps the devices of a demo PKI, C at a time, each on its own new TLS connection (a load generator); "
            + "prints a table, then one JSON line. Exit status 1 when a device fails.")
    {
        foreach (var option in new Option[] { _bootstrapUrl, _pki, _devices, _concurrency, _rate, _warmup, _keepAlive, _password, _xml, _signedDataPreferred, _csr, _verboseReports, _profile, _timeout })
        {
            Add(option);
        }

        // the kept-alive load sends the same plain get-bootstrapping-data on every connection, with no warm-up and no profile
        this.Conflicts(_keepAlive, _rate, _warmup, _signedDataPreferred, _csr, _verboseReports, _profile);
        Validators.Add(result =>
        {
            if (result.GetResult(_keepAlive) is not null && result.GetResult(_bootstrapUrl)?.Tokens is [var url]
                && !(Uri.TryCreate(url.Value, UriKind.Absolute, out var uri) && uri.AbsolutePath.Contains("/operations/", StringComparison.Ordinal)))
            {
                result.AddError("--keepalive needs the RPC URL (…/restconf/operations/ietf-sztp-bootstrap-server:get-bootstrapping-data).");
            }
        });
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var (stdout, stderr) = (parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
        DeviceProfiles.UseInThisProcess(DeviceProfiles.ByName[parseResult.GetRequiredValue(_profile)]);
        var uri = parseResult.GetRequiredValue(_bootstrapUrl);
        var pki = parseResult.GetRequiredValue(_pki);
        var folders = StormDevices.Folders(pki);
        var count = parseResult.GetValue(_devices) ?? folders.Count;
        var concurrency = parseResult.GetValue(_concurrency);
        var keepAlive = parseResult.GetValue(_keepAlive);
        // kept alive, each of the C connections is one device
        var devices = StormDevices.Load(pki, folders.Take(keepAlive is null ? count : Math.Min(count, concurrency)), parseResult.GetValue(_password), credentials => new DeviceOptions
        {
            Credentials = credentials,
            Profile = DeviceProfiles.ByName[parseResult.GetRequiredValue(_profile)],
            Xml = parseResult.GetValue(_xml),
            SignedDataPreferred = parseResult.GetValue(_signedDataPreferred),
            Csr = parseResult.GetValue(_csr),
            VerboseReports = parseResult.GetValue(_verboseReports),
            Download = false,
            RequestTimeout = TimeSpan.FromSeconds(parseResult.GetValue(_timeout)),
        });
        try
        {
            if (count > folders.Count)
            {
                await stderr.WriteLineAsync($"Only {folders.Count} device identities in {pki}: they are reused.").ConfigureAwait(false);
            }

            if (keepAlive is { } requestsPerConnection)
            {
                var kept = await KeepAliveRunner.RunAsync(devices, uri, concurrency, requestsPerConnection, cancellationToken).ConfigureAwait(false);
                await StormReport.WriteKeepAliveAsync(stdout, kept, concurrency).ConfigureAwait(false);
                return (int)kept["errors"]! == 0 ? 0 : 1;
            }

            var source = BootstrapSource.Servers(uri);
            if (parseResult.GetValue(_warmup) is var warmup and > 0)
            {
                var warm = await StormRunner.RunAsync(devices, [source], warmup, concurrency, cancellationToken).ConfigureAwait(false);
                await stderr.WriteLineAsync($"Warm-up: {warm.Completed}/{warmup} devices completed.").ConfigureAwait(false);
            }

            var result = await StormRunner.RunAsync(devices, [source], count, concurrency, cancellationToken, parseResult.GetValue(_rate)).ConfigureAwait(false);
            await StormReport.WriteAsync(stdout, result.ToJson()).ConfigureAwait(false);
            return result.Errors == 0 ? 0 : 1;
        }
        finally
        {
            devices.ForEach(d => d.Credentials.Dispose());
        }
    }
}
