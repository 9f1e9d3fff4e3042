using Sztpd.Core.Datastore;
using Sztpd.Server.Hosting;

namespace Sztpd.Server;

/// <summary>What every request needs: the datastore and the listeners.</summary>
internal sealed class ServerState(Datastore datastore)
{
    public Datastore Datastore => datastore;

    public ListenerHost? Listeners { get; set; }
}
