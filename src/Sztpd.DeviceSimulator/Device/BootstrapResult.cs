using System.Text.Json.Nodes;

namespace Sztpd.DeviceSimulator.Device;

/// <summary>The final state of one bootstrapping attempt, and everything the device did to get there.</summary>
public sealed record BootstrapResult
{
    public required string SerialNumber { get; init; }

    /// <summary>True when onboarding information was processed to the end (the device sent or would send bootstrap-complete).</summary>
    public required bool Completed { get; init; }

    /// <summary>Why the device could not bootstrap (the last failure), when not <see cref="Completed"/>.</summary>
    public string? Error { get; init; }

    /// <summary>A short class of the failure for counting: connect, tls, http-404, protocol, verification, untrusted-onboarding, ...</summary>
    public string? ErrorKind { get; init; }

    /// <summary>The bootstrap server that gave the onboarding information (null for removable storage).</summary>
    public string? OnboardingServer { get; init; }

    /// <summary>The trust state (RFC 8572 §5.3) under which the onboarding information was processed.</summary>
    public bool Trusted { get; init; }

    /// <summary>True when the onboarding information was signed and verified.</summary>
    public bool Signed { get; init; }

    public int Redirects { get; init; }

    /// <summary>Simulated reboots after installing a boot image.</summary>
    public int Reboots { get; init; }

    public double ElapsedMs { get; init; }

    public IReadOnlyList<BootstrapStep> Steps { get; init; } = [];

    public IReadOnlyList<RpcTiming> Rpcs { get; init; } = [];

    /// <summary>Files written to the output directory.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>The JSON summary the <c>run</c> command prints.</summary>
    public JsonObject ToJson() => new()
    {
        ["serial-number"] = SerialNumber,
        ["result"] = Completed ? "bootstrap-complete" : "failed",
        ["error"] = Error,
        ["error-kind"] = ErrorKind,
        ["onboarding-server"] = OnboardingServer,
        ["trusted"] = Trusted,
        ["signed"] = Signed,
        ["redirects"] = Redirects,
        ["reboots"] = Reboots,
        ["elapsed-ms"] = Math.Round(ElapsedMs, 1),
        ["files"] = new JsonArray([.. Files.Select(f => JsonValue.Create(f))]),
        ["rpcs"] = new JsonArray([.. Rpcs.Select(r => new JsonObject
        {
            ["rpc"] = r.Rpc, ["server"] = r.Server, ["status"] = r.Status, ["ms"] = Math.Round(r.ElapsedMs, 2),
        })]),
        ["steps"] = new JsonArray([.. Steps.Select(s => new JsonObject
        {
            ["ms"] = Math.Round(s.AtMs, 1), ["kind"] = s.Kind, ["ok"] = s.Ok, ["message"] = s.Message, ["server"] = s.Server,
        })]),
    };
}
