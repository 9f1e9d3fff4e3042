using System.Net.Security;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Sztpd.Core.Configuration;
using Sztpd.Pki.Certificates;
using Sztpd.Server.Cli;

namespace Sztpd.Server.Hosting;

/// <summary>
/// Runs Kestrel on the endpoints of <c>transport/listen</c>. A transport change (or SIGHUP) stops every
/// listener and starts them again from the stored configuration, as SZTPD does, without touching the database.
/// </summary>
internal sealed class ListenerHost(StartupSettings settings, RequestDelegate handler, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private WebApplication? _app;
    private List<EndpointSpec> _current = [];

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
    /// </summary>
    public async Task ReloadAsync(JsonObject config, bool force = false)
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
                _current = specs;
                return;
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

    /// <summary>What a listener is made of; endpoints differing only by name need no restart.</summary>
    private static string Identity(EndpointSpec s) =>
        $"{s.EndPoint}|{s.UseFor}|{s.ServerCertificate?.Thumbprint}|{string.Join(",", s.ClientTrust?.Select(c => c.Thumbprint) ?? [])}|{s.Protocols}|{string.Join(",", s.CipherSuites)}";

    private async Task StartAsync(List<EndpointSpec> specs)
    {
        _current = specs;
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
                        lo.UseHttps(Https(s));
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

    private HttpsConnectionAdapterOptions Https(EndpointSpec s) => new()
    {
        ServerCertificate = s.ServerCertificate,
        ServerCertificateChain = s.ServerChain,
        SslProtocols = s.Protocols,
        OnAuthenticate = (connection, options) =>
        {
            HandshakeIntermediates.OnAuthenticate(connection, options);
            // EndpointSpecs admits cipher suites only where the platform can be told them.
            if (s.CipherSuites.Count > 0 && (OperatingSystem.IsLinux() || OperatingSystem.IsFreeBSD()))
            {
                options.CipherSuitesPolicy = new CipherSuitesPolicy(s.CipherSuites);
            }
        },
        // Devices are authenticated per device type (southbound), admins per endpoint: request, do not require.
        ClientCertificateMode = Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.AllowCertificate,
        ClientCertificateValidation = (cert, chain, _) =>
        {
            // The intermediates a client sent build its path: a device's to its device type's trust anchors
            // (DeviceAuthenticator), an admin's here, to the endpoint's client-authentication bag.
            var presented = HandshakeIntermediates.Capture(cert, chain, settings.Limits);
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
