using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sztpd.Pki.Certificates;

namespace Sztpd.Server.Tests.Infrastructure;

/// <summary>What a <see cref="WebhookReceiver"/> was sent.</summary>
public sealed record ReceivedRequest(string Method, string Path, string? ContentType, string Body, X509Certificate2? ClientCertificate)
{
    /// <summary>The <c>Idempotency-Key</c> header, if sent.</summary>
    public string? IdempotencyKey { get; init; }
}

/// <summary>
/// A real webhook receiver: Kestrel on 127.0.0.1, plain HTTP or HTTPS with a server certificate
/// demanding a client certificate that chains to <c>clientTrust</c>; it records every request and answers with
/// <c>answer</c> (status and JSON body), which may wait (a slow receiver) until the test lets it go.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ReceivedRequest> _requests = [];
    private readonly SemaphoreSlim _received = new(0);

    private WebhookReceiver(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Forgets the requests received so far.</summary>
    public void Clear()
    {
        lock (_requests)
        {
            _requests.Clear();
        }
    }

    /// <summary>Starts the receiver on a free port (or <paramref name="port"/>, to restart one at the same address).</summary>
    public static async Task<WebhookReceiver> StartAsync(Func<ReceivedRequest, Task<(int Status, string? Body)>> answer,
        X509Certificate2? serverCertificate = null, X509Certificate2Collection? clientTrust = null, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, listen =>
        {
            if (serverCertificate is not null)
            {
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = serverCertificate;
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.ClientCertificateValidation = (certificate, _, _) => clientTrust is not null && TrustChain.Builds(certificate, clientTrust);
                });
            }
        }));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(async ctx =>
        {
            using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
            var request = new ReceivedRequest(ctx.Request.Method, ctx.Request.Path, ctx.Request.ContentType, await reader.ReadToEndAsync(ctx.RequestAborted),
                ctx.Connection.ClientCertificate)
            {
                IdempotencyKey = ctx.Request.Headers["Idempotency-Key"].FirstOrDefault(),
            };
            lock (receiver._requests)
            {
                receiver._requests.Add(request);
            }
            receiver._received.Release();
            var (status, body) = await answer(request);
            ctx.Response.StatusCode = status;
            if (body is not null)
            {
                ctx.Response.ContentType = "application/yang-data+json";
                await ctx.Response.WriteAsync(body, ctx.RequestAborted);
            }
        });
        await app.StartAsync();
        receiver.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return receiver;
    }

    /// <summary>Answers every request with <paramref name="status"/> and <paramref name="body"/>.</summary>
    public static Task<WebhookReceiver> StartAsync(int status, string? body, X509Certificate2? serverCertificate = null, X509Certificate2Collection? clientTrust = null, int port = 0) =>
        StartAsync(_ => Task.FromResult((status, body)), serverCertificate, clientTrust, port);

    /// <summary>Waits (at most a minute) until <paramref name="count"/> requests have come in.</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        while (Requests.Count < count)
        {
            Assert.True(await _received.WaitAsync(TimeSpan.FromMinutes(1)), $"The receiver got {Requests.Count} of {count} requests.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _received.Dispose();
    }
}
