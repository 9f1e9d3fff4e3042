namespace Sztpd.DeviceSimulator.Device;

/// <summary>A source of bootstrapping data (RFC 8572 §4), tried in the order given.</summary>
public abstract record BootstrapSource
{
    /// <summary>
    /// Bootstrap servers by URI (a configured list, or DHCP option 143/136). <c>https://host:port</c> is resolved with
    /// host-meta (RFC 8040 §3.1); a URI with a path names the RESTCONF root or the get-bootstrapping-data RPC itself.
    /// </summary>
    public static BootstrapSource Servers(params Uri[] uris) => new BootstrapServersSource(uris);

    /// <summary>A removable storage device mounted at <paramref name="root"/> (RFC 8572 §4.1).</summary>
    public static BootstrapSource RemovableStorage(string root) => new RemovableStorageSource(root);
}

/// <summary>Bootstrap servers to try in order.</summary>
public sealed record BootstrapServersSource(IReadOnlyList<Uri> Uris) : BootstrapSource;

/// <summary>A removable storage device's mount point.</summary>
public sealed record RemovableStorageSource(string Root) : BootstrapSource;
