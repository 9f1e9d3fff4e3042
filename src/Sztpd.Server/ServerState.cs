using Sztpd.Core.Datastore;
using Sztpd.Core.Limits;
using Sztpd.Server.Hosting;

namespace Sztpd.Server;

/// <summary>What every request needs: the datastore, the limits on what a request may cost, and the listeners.</summary>
internal sealed class ServerState(RunningDatastore datastore, InputLimits limits)
{
    public RunningDatastore Datastore => datastore;

    public InputLimits Limits => limits;

    public ListenerHost? Listeners { get; set; }
}
