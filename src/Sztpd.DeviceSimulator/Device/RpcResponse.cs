using System.Text.Json.Nodes;

namespace Sztpd.DeviceSimulator.Device;

/// <summary>A bootstrap server's answer to one RPC: the status, the output's members (JSON form), or its errors.</summary>
internal sealed record RpcResponse(int Status, JsonObject? Output, JsonArray? Errors, string Text)
{
    /// <summary>The first error's message (or the start of the body) for a failed RPC.</summary>
    public string Describe() =>
        Errors?.FirstOrDefault() is JsonObject e
            ? $"{(string?)e["error-tag"]}: {(string?)e["error-message"]}"
            : Text.Length > 200 ? Text[..200] : Text;
}
