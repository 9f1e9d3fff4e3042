using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sztpd.Core.Configuration;
using Sztpd.Core.Restconf;

namespace Sztpd.Core.Bootstrapping;

/// <summary>The response chosen for a request, or the 404 that says why there is none; <c>Selected</c> is what the bootstrapping log records.</summary>
public sealed record SelectedResponse(ResponseReference? Response, string Selected, RestconfError? Error);

/// <summary>
/// Walks the device's <c>response-manager/matched-response</c> list in order, then its device type's: the first
/// entry whose every match holds (present, value, regex; <c>not</c> inverts) is used (compat section 3.3 step 4).
/// </summary>
public static class ResponseSelector
{
    public static SelectedResponse Select(DeviceIdentity device, JsonObject? input)
    {
        ArgumentNullException.ThrowIfNull(device);
        var entries = device.Device.Responses.Concat(device.DeviceType?.Responses ?? []).ToList();
        if (entries.Count == 0)
        {
            return new(null, "no-responses-configured", new RestconfError(404, "application", "data-missing", "No responses configured."));
        }
        foreach (var entry in entries.Where(e => e.Matches.All(m => Holds(m, input))))
        {
            return entry.Response.Kind == ResponseKind.None
                ? new(null, $"{entry.Name} (explicit 'none')", NoMatch)
                : new(entry.Response, entry.Name, null);
        }
        return new(null, "no-match-found", NoMatch);
    }

    private static readonly RestconfError NoMatch = new(404, "application", "data-missing", "No matching responses configured.");

    private static bool Holds(MatchTest match, JsonObject? input)
    {
        var node = input?[match.Key];
        var text = node is null ? null : node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
        var holds = match.Kind switch
        {
            MatchKind.Present => input?.ContainsKey(match.Key) == true,
            MatchKind.Value => text == match.Text,
            _ => text is not null && match.Text is not null
                && Regex.IsMatch(text, match.Text, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)),
        };
        return holds != match.Not;
    }
}
