using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Sztpd.Storage.Tests.Servers;

/// <summary>
/// Fresh databases on a real server named by an environment variable (set by .ci/databases.sh): each
/// <see cref="NewUrl"/> names a database that does not exist yet (the store creates it), and every one is
/// dropped when the test class ends. Without the variable, tests report skipped.
/// </summary>
public abstract class ServerDatabases(string variable) : IAsyncDisposable
{
    private readonly ConcurrentBag<DatabaseUrl> _created = [];

    public string Variable { get; } = variable;

    /// <summary>The configured server URL, or skips the calling test.</summary>
    public DatabaseUrl BaseUrl
    {
        get
        {
            var text = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(text))
            {
                Assert.Skip($"{Variable} is not set; run the tests under .ci/databases.sh to use a real server.");
            }

            return DatabaseUrl.Parse(text);
        }
    }

    public DatabaseUrl NewUrl()
    {
        var baseUrl = BaseUrl;
        var url = baseUrl with { Database = $"{baseUrl.Database}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}" };
        _created.Add(url);
        return url;
    }

    public async ValueTask DisposeAsync()
    {
        var failures = new List<string>();
        foreach (var url in _created)
        {
            try
            {
                await DropAsync(url).ConfigureAwait(false);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or IOException)
            {
                failures.Add($"{url.Database}: {e.GetType().Name}: {e.Message}");
            }
        }

        GC.SuppressFinalize(this);
        if (failures.Count > 0)
        {
            throw new InvalidOperationException($"Test databases were not dropped: {string.Join("; ", failures)}");
        }
    }

    /// <summary>Drops one test database. Generous timeouts: a DROP waits for a checkpoint, slow while the whole suite runs.</summary>
    protected abstract Task DropAsync(DatabaseUrl url);
}
