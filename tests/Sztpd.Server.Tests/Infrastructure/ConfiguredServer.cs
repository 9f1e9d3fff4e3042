namespace Sztpd.Server.Tests.Infrastructure;

/// <summary>
/// sztpd in the test process on an in-memory database (or <c>url</c>, its keys sealed under <c>keyFile</c> when given)
/// loaded with <see cref="Configs.Minimal"/>, authenticated as the admin.
/// </summary>
public sealed class ConfiguredServer : IAsyncDisposable
{
    private ConfiguredServer(InProcessSztpd process) => Process = process;

    public InProcessSztpd Process { get; }
    public HttpClient Client => Process.Client;

    public static async Task<ConfiguredServer> StartAsync(string url = "sqlite:///:memory:", string? keyFile = null, Sztpd.Core.Limits.InputLimits? limits = null,
        string? tsigKeys = null)
    {
        var p = await InProcessSztpd.StartAsync(url, keyFile: keyFile, limits: limits, tsigKeys: tsigKeys).ConfigureAwait(false);
        var mark = p.OutputMark;
        using var put = await p.Client.PutAsync(Configs.Running, Configs.Json(Configs.Minimal(p.Port))).ConfigureAwait(false);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, put.StatusCode);
        await p.WaitForOutputAsync("listeners updated", mark).ConfigureAwait(false);
        p.UseBasic(Configs.Admin, Configs.Password);
        return new ConfiguredServer(p);
    }

    public async Task<string> RunningJsonAsync()
    {
        using var r = await Client.GetAsync(Configs.Running).ConfigureAwait(false);
        Assert.Equal(System.Net.HttpStatusCode.OK, r.StatusCode);
        return await r.Content.ReadAsStringAsync().ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
