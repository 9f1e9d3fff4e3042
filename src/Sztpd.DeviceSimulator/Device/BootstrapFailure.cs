namespace Sztpd.DeviceSimulator.Device;

/// <summary>A step failed; the device leaves this source and tries the next (RFC 8572 §5.2, §5.6).</summary>
internal sealed class BootstrapFailure(string kind, string message) : Exception(message)
{
    /// <summary>The class of failure, as in <see cref="BootstrapResult.ErrorKind"/>.</summary>
    public string Kind { get; } = kind;
}
