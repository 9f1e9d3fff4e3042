namespace Sztpd.DeviceSimulator.Device;

/// <summary>One thing the device did or decided, in order: discovery, TLS, an RPC, a trust decision, an onboarding step.</summary>
/// <param name="AtMs">Milliseconds since the device started bootstrapping.</param>
/// <param name="Kind">What kind of step: source, discovery, tls, rpc, verify, redirect, boot-image, pre-script, configuration, post-script, progress, csr, result.</param>
/// <param name="Message">What happened, in one sentence.</param>
/// <param name="Ok">False when the step failed.</param>
/// <param name="Server">The bootstrap server involved, if any.</param>
public sealed record BootstrapStep(double AtMs, string Kind, string Message, bool Ok = true, string? Server = null)
{
    public override string ToString() =>
        $"{AtMs,8:0.0} ms  {(Ok ? "  " : "! ")}{Kind,-13} {Message}{(Server is null ? "" : $"  [{Server}]")}";
}
