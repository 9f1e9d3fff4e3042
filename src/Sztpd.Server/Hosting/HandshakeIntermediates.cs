using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Sztpd.Core.Bootstrapping;
using Sztpd.Core.Limits;

namespace Sztpd.Server.Hosting;

/// <summary>
/// Keeps the intermediate certificates a TLS client sent in its handshake in its connection's items, where
/// <c>DeviceCredentialsReader</c> finds them. Kestrel's client-certificate callback sees them (the chain's
/// <c>ExtraStore</c>) but not the connection, so <see cref="OnAuthenticate"/>, called for the connection just before its
/// handshake, leaves the connection's items where that callback, run within the handshake, finds them.
/// </summary>
internal static class HandshakeIntermediates
{
    private static readonly AsyncLocal<IDictionary<object, object?>?> Handshaking = new();
    private static readonly object Key = new();

    /// <summary>For <c>HttpsConnectionAdapterOptions.OnAuthenticate</c>: the connection whose handshake starts.</summary>
    public static void OnAuthenticate(ConnectionContext connection, System.Net.Security.SslServerAuthenticationOptions _) =>
        Handshaking.Value = connection.Items;

    /// <summary>
    /// From the client-certificate callback: keeps what the client sent besides <paramref name="leaf"/>, within
    /// <paramref name="limits"/>, and returns it for a check made in the handshake itself (an admin's certificate on a
    /// native endpoint).
    /// </summary>
    public static PresentedIntermediates Capture(X509Certificate2 leaf, X509Chain? chain, InputLimits limits)
    {
        if (chain is null)
        {
            return PresentedIntermediates.None;
        }
        var presented = PresentedIntermediates.Of(chain.ChainPolicy.ExtraStore, leaf, limits);
        if (Handshaking.Value is { } items)
        {
            lock (items)
            {
                items[Key] = presented;
            }
        }
        return presented;
    }

    /// <summary>What the client of the connection with <paramref name="items"/> sent in its handshake.</summary>
    public static PresentedIntermediates Of(IDictionary<object, object?>? items)
    {
        if (items is null)
        {
            return PresentedIntermediates.None;
        }
        lock (items)
        {
            return items.TryGetValue(Key, out var value) && value is PresentedIntermediates p ? p : PresentedIntermediates.None;
        }
    }
}
