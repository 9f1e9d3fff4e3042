using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sztpd.Core.Restconf;

namespace Sztpd.Server.Southbound;

/// <summary>The response chosen for a request, or the 404 that says why there is none; <c>Selected</c> is what the bootstrapping log records.</summary>
internal sealed record SelectedResponse(JsonObject? Response, string Selected, RestconfError? Error);

/// <summary>
/// Walks the device's <c>response-manager/matched-response</c> list in order, then its device type's: the first
/// entry whose every match holds (present, value, regex; <c>not</c> inverts) is used (compat section 3.3 step 4).
/// </summary>
internal static class ResponseSelector
{
    public static SelectedResponse Select(DeviceIdentity device, JsonObject? input)
    {
        var entries = new[] { device.Device["response-manager"], device.DeviceType?["sztpd-ext:response-manager"] }
            .SelectMany(m => m?["matched-response"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (entries.Count == 0)
        {
            return new(null, "no-responses-configured", new RestconfError(404, "application", "data-missing", "No responses configured."));
        }
        foreach (var entry in entries)
        {
            if (!Matches(entry["match-criteria"]?["match"] as JsonArray, input))
            {
                continue;
            }
            var name = (string)entry["name"]!;
            var response = entry["response"] as JsonObject;
            if (response?["conveyed-information"] is not JsonObject)
            {
                return new(null, $"{name} (explicit 'none')", NoMatch);
            }
            return new(response, name, null);
        }
        return new(null, "no-match-found", NoMatch);
    }

    private static readonly RestconfError NoMatch = new(404, "application", "data-missing", "No matching responses configured.");

    private static bool Matches(JsonArray? matches, JsonObject? input)
    {
        foreach (var match in (matches ?? []).OfType<JsonObject>())
        {
            var node = input?[(string)match["key"]!];
            var present = input?.ContainsKey((string)match["key"]!) == true;
            var text = node is null ? null : node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
            bool holds;
            if (match.ContainsKey("present"))
            {
                holds = present;
            }
            else if ((string?)match["value"] is { } value)
            {
                holds = text == value;
            }
            else if ((string?)(match["regex"] ?? match["sztpd-ext:regex"]) is { } regex)
            {
                holds = text is not null && Regex.IsMatch(text, regex, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            else
            {
                holds = false;
            }
            if (holds == match.ContainsKey("not"))
            {
                return false;
            }
        }
        return true;
    }
}
