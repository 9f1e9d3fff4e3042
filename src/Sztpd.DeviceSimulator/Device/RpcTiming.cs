namespace Sztpd.DeviceSimulator.Device;

/// <summary>One RPC the device sent: which, to whom, the HTTP status (0 when no response), how long it took.</summary>
public sealed record RpcTiming(string Rpc, string Server, int Status, double ElapsedMs);
