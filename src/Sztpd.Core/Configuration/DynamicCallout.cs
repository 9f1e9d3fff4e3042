namespace Sztpd.Core.Configuration;

/// <summary>
/// A <c>dynamic-callout</c>: the RPC it implements (<see cref="Rpc"/>, the local name of its <c>rpc-supported</c>
/// identity), the <c>opaque</c> passed with every call, and either a plugin function (<see cref="Callback"/>) or
/// <see cref="Webhooks"/> tried in order.
/// </summary>
public sealed record DynamicCallout
{
    public const string GetBootstrappingData = "get-bootstrapping-data";
    public const string ReportProgress = "report-progress";
    public const string VerifyDeviceOwnership = "verify-device-ownership";
    public const string RelayNotificationLogRecord = "relay-notification-log-record";

    public required string Name { get; init; }

    /// <summary><see cref="GetBootstrappingData"/>, <see cref="ReportProgress"/>, <see cref="VerifyDeviceOwnership"/> or <see cref="RelayNotificationLogRecord"/>.</summary>
    public required string Rpc { get; init; }

    public string? Opaque { get; init; }

    /// <summary><c>callback</c>: a function of a plugin; null for webhooks.</summary>
    public (string Plugin, string Function)? Callback { get; init; }

    public IReadOnlyList<Webhook> Webhooks { get; init; } = [];
}
