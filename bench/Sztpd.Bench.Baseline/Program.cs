using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

// The benchmarks' baseline: the least a bootstrap server on Kestrel can do. The same TLS settings as sztpd's
// rfc8572-interface listeners (the same certificate and chain, client certificates requested, not required), and
// fixed answers with their Content-Length, as sztpd sends them: the get-bootstrapping-data body sztpd gave for one
// device (or, given a folder, the body it gave each device, as SERIAL.json, chosen by the client certificate's common
// name: signed responses differ per device), 204 for report-progress.
// usage: sztp-baseline PORT CERT-CHAIN.pem KEY.pem (GET-BOOTSTRAPPING-DATA-BODY.json | FOLDER)
if (args.Length != 4 || !int.TryParse(args[0], out var port))
{
    Console.Error.WriteLine("usage: sztp-baseline PORT CERT-CHAIN.pem KEY.pem (GET-BOOTSTRAPPING-DATA-BODY.json | FOLDER)");
    return 2;
}

var chain = new X509Certificate2Collection();
chain.ImportFromPemFile(args[1]);
using var certificate = X509Certificate2.CreateFromPemFile(args[1], args[2]);
var bodies = Directory.Exists(args[3])
    ? Directory.GetFiles(args[3], "*.json").ToDictionary(f => Path.GetFileNameWithoutExtension(f), File.ReadAllBytes, StringComparer.Ordinal)
    : null;
var body = bodies is null ? File.ReadAllBytes(args[3]) : [];
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k =>
{
    k.AddServerHeader = false;
    k.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
    {
        ServerCertificate = certificate,
        ServerCertificateChain = [.. chain.Skip(1)],
        ClientCertificateMode = ClientCertificateMode.AllowCertificate,
        ClientCertificateValidation = (_, _, _) => true,
    }));
});
var app = builder.Build();
app.Run(async context =>
{
    if (context.Request.Path.Value?.EndsWith(":get-bootstrapping-data", StringComparison.Ordinal) == true)
    {
        var answer = bodies is null ? body
            : bodies.GetValueOrDefault(context.Connection.ClientCertificate?.GetNameInfo(X509NameType.SimpleName, false) ?? "");
        if (answer is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        context.Response.ContentType = "application/yang-data+json";
        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer);
    }
    else
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
});
await app.StartAsync();
Console.WriteLine($"sztp-baseline listening on 127.0.0.1:{port}");
await app.WaitForShutdownAsync();
return 0;
