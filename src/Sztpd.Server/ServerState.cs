using Sztpd.Core.Datastore;
using Sztpd.Server.Hosting;

namespace Sztpd.Server;

/// <summary>What every request needs: the datastore, the listeners and the stored mode.</summary>
internal sealed class ServerState(Datastore datastore, string mode)
{
    public Datastore Datastore => datastore;

    public string Mode => mode;

    public ListenerHost? Listeners { get; set; }
}
