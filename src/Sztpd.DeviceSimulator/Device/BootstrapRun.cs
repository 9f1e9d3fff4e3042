using System.Diagnostics;

namespace Sztpd.DeviceSimulator.Device;

/// <summary>The state of one device while it bootstraps: its steps, RPCs, files, and the boot image it runs.</summary>
internal sealed class BootstrapRun(DeviceOptions options)
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public List<BootstrapStep> Steps { get; } = [];
    public List<RpcTiming> Rpcs { get; } = [];
    public List<string> Files { get; } = [];
    public HashSet<string> InstalledImageHashes { get; } = new(StringComparer.OrdinalIgnoreCase);
    public string OsName { get; set; } = options.OsName;
    public string OsVersion { get; set; } = options.OsVersion;
    public int Redirects { get; set; }
    public int Reboots { get; set; }
    public bool Signed { get; set; }
    public bool Trusted { get; set; }
    public string? OnboardingServer { get; set; }

    public double ElapsedMs => Stopwatch.GetElapsedTime(_started).TotalMilliseconds;

    public void Step(string kind, string message, bool ok = true, string? server = null)
    {
        var step = new BootstrapStep(ElapsedMs, kind, message, ok, server);
        Steps.Add(step);
        options.OnStep?.Invoke(step);
    }

    /// <summary>The result: completed when <paramref name="failure"/> is null.</summary>
    public BootstrapResult Result(BootstrapFailure? failure) => new()
    {
        SerialNumber = options.Credentials.SerialNumber,
        Completed = failure is null,
        Error = failure?.Message,
        ErrorKind = failure?.Kind,
        OnboardingServer = OnboardingServer,
        Trusted = Trusted,
        Signed = Signed,
        Redirects = Redirects,
        Reboots = Reboots,
        ElapsedMs = ElapsedMs,
        Steps = Steps,
        Rpcs = Rpcs,
        Files = Files,
    };
}
