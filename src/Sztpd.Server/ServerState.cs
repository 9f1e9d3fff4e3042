using Sztpd.Core.Datastore;
using Sztpd.Core.Limits;
using Sztpd.Server.Hosting;

namespace Sztpd.Server;

/// <summary>What every request needs: the datastore, the limits on what a request may cost and keeps, and the listeners.</summary>
internal sealed class ServerState(RunningDatastore datastore, InputLimits limits, LogRetention retention)
{
    public RunningDatastore Datastore => datastore;

    public InputLimits Limits => limits;

    public LogRetention Retention => retention;

    public ListenerHost? Listeners { get; set; }

    /// <summary>Mode x's tenants; null in mode 1.</summary>
    public Tenancy.Tenants? Tenants { get; set; }
}
