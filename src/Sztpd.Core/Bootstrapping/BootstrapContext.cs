using Sztpd.Core.Configuration;
using Sztpd.Core.Limits;
using Sztpd.Core.Outbound;

namespace Sztpd.Core.Bootstrapping;

/// <summary>What a device's request is answered with besides its own input: the configuration revision, the time, the limits, the device's address and the callouts.</summary>
public sealed record BootstrapContext(RunningConfiguration Config, DateTimeOffset Now, InputLimits Limits, string SourceAddress, ICalloutInvoker Callouts);
