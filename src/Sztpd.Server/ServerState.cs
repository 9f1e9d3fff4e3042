using Sztpd.Core.Datastore;
using Sztpd.Server.Hosting;

namespace Sztpd.Server;

/// <summary>What every request needs: the datastore and the listeners.</summary>
internal sealed class ServerState(RunningDatastore datastore)
{
    public RunningDatastore Datastore => datastore;

    public ListenerHost? Listeners { get; set; }
}
