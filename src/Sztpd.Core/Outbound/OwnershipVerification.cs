using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Datastore;
using Sztpd.Core.Restconf;

namespace Sztpd.Core.Outbound;

/// <summary>
/// A device type's <c>ownership-authorization</c> (compat section 2.10), and in a tenant of mode x first the host's
/// <c>device-ownership-verification</c>: the devices an edit creates are given to the verify-device-ownership callout, <see cref="Batch"/> serial numbers per call, and any not answered <c>success</c>
/// rejects the edit with SZTPD's <c>Unable to verify ownership for device: SN</c>.
/// </summary>
public sealed class OwnershipVerification(ICalloutInvoker callouts) : IRowAuthorizer
{
    /// <summary>The most serial numbers one call asks about.</summary>
    public const int Batch = 1000;

    /// <summary>
    /// Mode x: the tenant whose devices these are, and the host's configuration, whose
    /// <c>device-ownership-verification</c> callout is asked first (input <c>tenant</c> is the tenant's name).
    /// </summary>
    public (string Name, Func<RunningConfiguration> Host)? Tenant { get; init; }

    public bool Asks(RowList rows, JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.List.Name != "device")
        {
            return false;
        }
        var typed = ConfigurationMapper.Map(config);
        return Tenant?.Host().DeviceOwnershipVerification is not null
            || typed.DeviceTypes.Values.Any(t => t.OwnershipAuthorization is { } callout && typed.DynamicCallouts.ContainsKey(callout));
    }

    public async Task<RestconfError?> AuthorizeCreatedAsync(RowList rows, IReadOnlyList<JsonObject> created, JsonObject config, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(created);
        if (rows.List.Name != "device")
        {
            return null;
        }
        var tenant = Tenant?.Name ?? "not-applicable";
        if (Tenant?.Host() is { DeviceOwnershipVerification: { } hostCallout } host
            && await VerifyAsync(hostCallout, [.. created.Select(d => (string)d["serial-number"]!)], tenant, host, ct).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }
        var typed = ConfigurationMapper.Map(config);
        var byCallout = created
            .Select(d => (Serial: (string)d["serial-number"]!, Callout: typed.DeviceTypeOf((string?)d["device-type"])?.OwnershipAuthorization))
            .Where(d => d.Callout is not null && typed.DynamicCallouts.ContainsKey(d.Callout))
            .GroupBy(d => d.Callout!, StringComparer.Ordinal);
        foreach (var group in byCallout)
        {
            if (await VerifyAsync(typed.DynamicCallouts[group.Key], [.. group.Select(d => d.Serial)], tenant, typed, ct).ConfigureAwait(false) is { } refusal)
            {
                return refusal;
            }
        }
        return null;
    }

    /// <summary>Asks <paramref name="callout"/> about <paramref name="serials"/>, <see cref="Batch"/> at a time; the first refusal, or null.</summary>
    private async Task<RestconfError?> VerifyAsync(DynamicCallout callout, IReadOnlyList<string> serials, string tenant, RunningConfiguration typed, CancellationToken ct)
    {
        foreach (var chunk in serials.Chunk(Batch))
        {
            var result = await callouts.CallAsync(callout, CalloutInput.Ownership(chunk, callout.Opaque, tenant), typed, ct).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                return new RestconfError(500, "application", "operation-failed",
                    $"Unable to verify ownership for device: {chunk[0]}: {result.Failure ?? result.Error!.Message ?? result.Error.Tag}", Path(chunk[0]));
            }
            var verified = Verified(result.Output, chunk);
            if (chunk.FirstOrDefault(s => !verified.Contains(s)) is { } refused)
            {
                return RestconfError.OperationFailed($"Unable to verify ownership for device: {refused}", Path(refused));
            }
        }
        return null;
    }

    /// <summary>
    /// The serial numbers answered <c>success</c> in <c>wn-sztpd-rpcs:output/verification-results/verification-result</c>;
    /// an entry without a serial number answers for the only one asked about (SZTPD asked about one at a time).
    /// </summary>
    private static HashSet<string> Verified(JsonObject? output, string[] asked)
    {
        var results = (output?[CalloutInput.Module + ":output"]?["verification-results"]?["verification-result"] as JsonArray ?? []).OfType<JsonObject>();
        return results.Where(r => (string?)r["result"] == "success")
            .Select(r => (string?)r["serial-number"] ?? (asked.Length == 1 ? asked[0] : null))
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    private static string Path(string serial) => $"/wn-sztpd-1:devices/device={serial}";
}
