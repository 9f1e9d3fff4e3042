using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sztpd.Pki.Cms;

namespace Sztpd.DeviceSimulator.Device;

public sealed partial class SztpDevice
{
    private const string OperationsPrefix = "/operations/ietf-sztp-bootstrap-server:";

    /// <summary>Tries <paramref name="servers"/> in order (RFC 8572 §5.5) until one leads to onboarding.</summary>
    private async Task<Outcome> ProcessServerListAsync(
        BootstrapRun run, IReadOnlyList<(Uri Uri, byte[]? TrustAnchor)> servers, bool redirectTrusted, int depth, CancellationToken cancellationToken)
    {
        BootstrapFailure? last = null;
        foreach (var (uri, anchor) in servers)
        {
            try
            {
                return await ProcessServerAsync(run, uri, anchor, redirectTrusted, depth, cancellationToken).ConfigureAwait(false);
            }
            catch (BootstrapFailure failure)
            {
                last = failure;
                run.Step("server", $"Leaving this bootstrap server: {failure.Message}", false, uri.Authority);
            }
        }

        throw last ?? new BootstrapFailure("no-source", "The list of bootstrap servers is empty.");
    }

    private async Task<Outcome> ProcessServerAsync(
        BootstrapRun run, Uri uri, byte[]? trustAnchor, bool redirectTrusted, int depth, CancellationToken cancellationToken)
    {
        var server = uri.Authority;
        var trust = TrustFor(run, server, trustAnchor, redirectTrusted);
        using var client = new BootstrapServerClient(new Uri(uri.GetLeftPart(UriPartial.Authority)), options, trust);
        try
        {
            var root = RootOf(uri);
            if (root is null)
            {
                root = await client.DiscoverRootAsync(cancellationToken).ConfigureAwait(false);
                run.Step("discovery", $"host-meta names the RESTCONF root {root}", true, server);
                RecordTls(run, trust, server);
            }

            var response = await GetBootstrappingDataAsync(run, client, root, cancellationToken).ConfigureAwait(false);
            var output = response.Output ?? throw new BootstrapFailure("protocol", $"get-bootstrapping-data answered 200 without an output: {response.Describe()}");
            var conveyed = Binary(output, "conveyed-information")
                ?? throw new BootstrapFailure("protocol", "get-bootstrapping-data's output has no conveyed-information.");
            var ownerCertificate = Binary(output, "owner-certificate");
            var voucher = Binary(output, "ownership-voucher");
            var verbose = options.VerboseReports || (string?)output["reporting-level"] == "verbose";
            run.Step("rpc", $"get-bootstrapping-data: {conveyed.Length} bytes of conveyed information"
                + (voucher is null ? "" : ", an owner certificate and an ownership voucher")
                + (output["reporting-level"] is { } level ? $", reporting-level {level}" : ""), true, server);
            var reporter = trust.Trusted == true ? new ProgressReporter(client, root + OperationsPrefix + "report-progress", verbose, run, cancellationToken) : null;
            return await ProcessArtifactsAsync(run, conveyed, ownerCertificate, voucher, trust.Trusted == true, reporter, server, depth, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            var tls = e.InnerException is AuthenticationException || e.GetBaseException() is AuthenticationException;
            throw new BootstrapFailure(tls ? "tls" : "connect", tls && trust.Reason is not null
                ? $"The server could not be authenticated: {trust.Reason}."
                : $"{(tls ? "TLS" : "Connecting")} failed: {e.GetBaseException().Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BootstrapFailure("timeout", $"No answer within {options.RequestTimeout.TotalSeconds:0} s.");
        }
    }

    private ServerTrust TrustFor(BootstrapRun run, string server, byte[]? trustAnchor, bool redirectTrusted)
    {
        var anchors = new X509Certificate2Collection(options.BootstrapServerTrustAnchors);
        if (trustAnchor is null)
        {
            return new ServerTrust(anchors, required: false);
        }

        if (!redirectTrusted)
        {
            run.Step("trust", "Discarding the trust anchor of untrusted redirect information (RFC 8572 §5.5).", true, server);
            return new ServerTrust(anchors, required: false);
        }

        if (!CmsCertificates.TryDecode(trustAnchor, out var certificates, out var error))
        {
            throw new BootstrapFailure("protocol", $"The redirect's trust anchor is not a certificate bag: {error}");
        }

        run.Step("trust", $"The server must be authenticated by the redirect's trust anchor {certificates[0].Subject}.", true, server);
        return new ServerTrust([.. certificates], required: true);
    }

    private static void RecordTls(BootstrapRun run, ServerTrust trust, string server) =>
        run.Step("tls", trust.Trusted == true
            ? $"Trusted bootstrap server: {trust.Subject} chains to a trust anchor."
            : $"Untrusted bootstrap server ({trust.Reason}); connected provisionally.", true, server);

    private async Task<RpcResponse> GetBootstrappingDataAsync(BootstrapRun run, BootstrapServerClient client, string root, CancellationToken cancellationToken)
    {
        var known = client.Trust.Trusted is not null;
        var input = new JsonObject { ["hw-model"] = options.HwModel, ["os-name"] = run.OsName, ["os-version"] = run.OsVersion };
        if (options.AlwaysSignedDataPreferred || client.Trust.Trusted == false)
        {
            input["signed-data-preferred"] = new JsonArray((JsonNode?)null);
        }

        if (options.Nonce is not null)
        {
            input["nonce"] = Convert.ToBase64String(options.Nonce);
        }

        var path = root + OperationsPrefix + "get-bootstrapping-data";
        var response = options.Csr
            ? await CsrExchangeAsync(run, client, path, input, cancellationToken).ConfigureAwait(false)
            : await client.PostAsync(path, "get-bootstrapping-data", input, run.Rpcs, cancellationToken).ConfigureAwait(false);
        if (!known)
        {
            RecordTls(run, client.Trust, client.Server.Authority);
        }

        return response.Status == 200 ? response : throw new BootstrapFailure(
            $"http-{response.Status}", $"get-bootstrapping-data answered {response.Status}: {response.Describe()}");
    }

    /// <summary>The RESTCONF root a URI names, or null when only host-meta can tell (no path).</summary>
    private static string? RootOf(Uri uri)
    {
        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.Length == 0)
        {
            return null;
        }

        var operations = path.IndexOf("/operations/", StringComparison.Ordinal);
        return operations >= 0 ? path[..operations] : path;
    }

    private static byte[]? Binary(JsonObject output, string name)
    {
        try
        {
            return (string?)output[name] is { } b64 ? Convert.FromBase64String(b64) : null;
        }
        catch (FormatException)
        {
            throw new BootstrapFailure("protocol", $"The {name} in get-bootstrapping-data's output is not base64.");
        }
    }
}
