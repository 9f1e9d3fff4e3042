using System.Net.Security;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Sztpd.Core.Configuration;
using Sztpd.Pki.Certificates;
using Sztpd.Server.Cli;

namespace Sztpd.Server.Hosting;

/// <summary>
/// Runs Kestrel on the endpoints of <c>transport/listen</c>. A change of addresses, ports or interfaces (or SIGHUP)
/// stops every listener and starts them again from the stored configuration, as SZTPD does; a change of certificates,
/// client trust, TLS versions or cipher suites alone (a renewed certificate) applies from the next handshake, without
/// a restart or a dropped connection.
/// </summary>
internal sealed class ListenerHost(StartupSettings settings, RequestDelegate handler, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private WebApplication? _app;
    private List<EndpointSpec> _current = [];
    private Dictionary<System.Net.IPEndPoint, EndpointSlot> _slots = [];

    public IReadOnlyList<EndpointSpec> Current => _current;

    /// <summary>Whether tenant-interface endpoints are served (mode x).</summary>
    public bool ModeX { get; init; }

    /// <summary>Whether the listeners are bound and serving (<c>/readyz</c>).</summary>
    public bool Serving => Volatile.Read(ref _app) is not null;

    /// <summary>The endpoint a connection arrived on (by local port).</summary>
    public EndpointSpec? Find(int localPort) => _current.FirstOrDefault(e => e.Port == localPort);

    /// <summary>
    /// Starts (or restarts) the listeners; unless <paramref name="force"/> (SIGHUP), listeners that would come back
    /// identical are left running. On failure the previous listeners are restored and a <see cref="UserError"/> thrown.
    /// Returns whether the listeners were restarted (else only what handshakes read was replaced).
    /// </summary>
    public async Task<bool> ReloadAsync(JsonObject config, bool force = false)
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            List<EndpointSpec> specs;
            try
            {
                specs = EndpointSpecs.From(ConfigurationMapper.Map(config), settings.InitPort, ModeX);
            }
            catch (InvalidOperationException e)
            {
                throw new UserError($"The stored transport cannot be used: {e.Message}");
            }
            var previous = _current;
            if (!force && _app is not null && specs.Select(Identity).SequenceEqual(previous.Select(Identity)))
            {
                foreach (var spec in specs)
                {
                    _slots[spec.EndPoint].Spec = spec;
                }
                _current = specs;
                return false;
            }
            await StopAsync().ConfigureAwait(false);
            try
            {
                await StartAsync(specs).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                await StopAsync().ConfigureAwait(false);
                if (previous.Count > 0)
                {
                    await StartAsync(previous).ConfigureAwait(false);
                }
                throw new UserError($"Cannot listen on the configured endpoints: {e.Message}");
            }
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Checks, before a transport change is committed, that every new endpoint can be bound; null when it can.</summary>
    public string? CheckBindable(JsonObject config)
    {
        List<EndpointSpec> specs;
        try
        {
            specs = EndpointSpecs.From(ConfigurationMapper.Map(config), settings.InitPort, ModeX);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            return $"The transport configuration cannot be used: {e.Message}";
        }
        var duplicate = specs.GroupBy(s => s.Port).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            return $"Endpoints {string.Join(" and ", duplicate.Select(s => $"\"{s.Name}\""))} use the same port {duplicate.Key}.";
        }
        if (specs.Count(s => s.UseFor == EndpointSpec.Native) != 1)
        {
            return "There must always be exactly one endpoint with use-for \"wn-app:native-interface\".";
        }
        foreach (var s in specs.Where(s => !_current.Any(c => c.EndPoint.Equals(s.EndPoint))))
        {
            try
            {
                using var socket = new Socket(s.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(s.EndPoint);
            }
            catch (SocketException e)
            {
                return $"Endpoint \"{s.Name}\" cannot listen on {s.EndPoint}: {e.Message}.";
            }
        }
        return null;
    }

    /// <summary>What a listener is bound as; endpoints differing only in what a handshake reads of them need no restart.</summary>
    private static string Identity(EndpointSpec s) => $"{s.EndPoint}|{s.UseFor}|{s.IsHttps}";

    /// <summary>An endpoint as its handshakes read it: replaced, not restarted, when only its TLS settings change.</summary>
    private sealed class EndpointSlot(EndpointSpec spec)
    {
        private EndpointSpec _spec = spec;

        public EndpointSpec Spec
        {
            get => Volatile.Read(ref _spec);
            set => Volatile.Write(ref _spec, value);
        }
    }

    private async Task StartAsync(List<EndpointSpec> specs)
    {
        _current = specs;
        _slots = specs.ToDictionary(s => s.EndPoint, s => new EndpointSlot(s));
        if (specs.Count == 0)
        {
            return;
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = settings.MaxBodySize;
            k.Limits.MaxRequestHeadersTotalSize = settings.Limits.MaxHeadersSize;
            foreach (var s in specs)
            {
                k.Listen(s.EndPoint, lo =>
                {
                    if (s.IsHttps)
                    {
                        lo.UseHttps(Https(_slots[s.EndPoint]));
                        lo.Use(TlsCloseNotify.Around);
                    }
                });
            }
        });
        var app = builder.Build();
        app.Run(handler);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            _current = [];
            throw;
        }
        _app = app;
    }

    private HttpsConnectionAdapterOptions Https(EndpointSlot slot) => new()
    {
        // Kestrel wants one to start with; each handshake presents the slot's current one (OnAuthenticate).
        ServerCertificate = slot.Spec.ServerCertificate,
        ServerCertificateChain = slot.Spec.ServerChain,
        OnAuthenticate = (connection, options) =>
        {
            var s = slot.Spec;
            options.ServerCertificateContext = s.CertificateContext;
            options.EnabledSslProtocols = s.Protocols;
            // The client's certificate is judged by TrustChain (below, or per device type): the handshake's own chain
            // only collects what the client sent.
            options.CertificateChainPolicy = TrustChain.HandshakePolicy();
            HandshakeIntermediates.OnAuthenticate(connection, options);
            // EndpointSpecs admits cipher suites only where the platform can be told them.
            if (s.CipherSuites.Count > 0 && (OperatingSystem.IsLinux() || OperatingSystem.IsFreeBSD()))
            {
                options.CipherSuitesPolicy = new CipherSuitesPolicy(s.CipherSuites);
            }
        },
        // Devices are authenticated per device type (southbound), admins per endpoint: request, do not require.
        ClientCertificateMode = Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.AllowCertificate,
        CheckCertificateRevocation = false, // revoked device certificates are refused by RevokedCertificates
        ClientCertificateValidation = (cert, chain, _) =>
        {
            // The intermediates a client sent build its path: a device's to its device type's trust anchors
            // (DeviceAuthenticator), an admin's here, to the endpoint's client-authentication bag.
            var presented = HandshakeIntermediates.Capture(cert, chain, settings.Limits);
            var s = slot.Spec;
            return s.ClientTrust is null || s.UseFor != EndpointSpec.Native
                || (presented.Refusal is null && TrustChain.Builds(cert, s.ClientTrust, presented.Certificates));
        },
    };

    private async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
        _current = [];
    }

    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
            _lock.Dispose();
        }
    }
}
