using System.Net;
using System.Net.Sockets;

namespace Sztpd.Storage.Tests;

public sealed class DataStoreFactoryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sztpd-factory-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task OpenAsync_SqliteWithTls_ThrowsArgumentException()
    {
        var ca = WriteFile("ca.pem");

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => DataStoreFactory.OpenAsync(DatabaseUrl.Parse("sqlite:///:memory:"), new DatabaseTls(ca, null, null), Ct));

        Assert.Contains("SQLite", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, false, "--cert and --key")]
    [InlineData(false, true, "--cert and --key")]
    public async Task OpenAsync_CertWithoutKey_ThrowsArgumentException(bool cert, bool key, string expected)
    {
        var tls = new DatabaseTls(WriteFile("ca.pem"), cert ? WriteFile("c.pem") : null, key ? WriteFile("k.pem") : null);

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => DataStoreFactory.OpenAsync(DatabaseUrl.Parse("postgresql://u:p@127.0.0.1/db"), tls, Ct));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_MissingCaFile_ThrowsArgumentExceptionNamingFile()
    {
        var missing = Path.Combine(_directory, "nope.pem");

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => DataStoreFactory.OpenAsync(DatabaseUrl.Parse("mysql://u:p@127.0.0.1/db"), new DatabaseTls(missing, null, null), Ct));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql", "PostgreSQL")]
    [InlineData("mysql+pymysql", "MySQL")]
    public async Task OpenAsync_NothingListening_ThrowsDataStoreExceptionNamingEndpoint(string scheme, string product)
    {
        var port = UnusedLoopbackPort();
        var url = DatabaseUrl.Parse($"{scheme}://sztpd:Sup3rSecretPw@127.0.0.1:{port}/sztpd");

        var error = await Assert.ThrowsAsync<DataStoreException>(() => DataStoreFactory.OpenAsync(url, null, Ct));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains(product, error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
        AssertOneSentenceWithoutSecret(error.Message, "Sup3rSecretPw");
    }

    [Fact]
    public async Task OpenAsync_SqliteInMissingDirectory_ThrowsDataStoreException()
    {
        var path = Path.Combine(_directory, "missing", "sztpd.db");

        var error = await Assert.ThrowsAsync<DataStoreException>(
            () => DataStoreFactory.OpenAsync(DatabaseUrl.Parse("sqlite:///" + path), null, Ct));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        AssertOneSentenceWithoutSecret(error.Message, null);
    }

    [Fact]
    public async Task OpenAsync_SqliteFileNotADatabase_ThrowsDataStoreException()
    {
        var path = Path.Combine(_directory, "garbage.db");
        await File.WriteAllTextAsync(path, new string('x', 4096), Ct);

        var error = await Assert.ThrowsAsync<DataStoreException>(
            () => DataStoreFactory.OpenAsync(DatabaseUrl.Parse("sqlite:///" + path), null, Ct));

        Assert.Contains("not a database", error.Message, StringComparison.Ordinal);
        AssertOneSentenceWithoutSecret(error.Message, null);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task OpenAsync_NewSqliteFile_DatabaseWalAndShmAreOwnerOnly()
    {
        var path = Path.Combine(_directory, "new.db");

        await using (var store = await DataStoreFactory.OpenAsync(DatabaseUrl.Parse("sqlite:///" + path), null, Ct))
        {
            await using (var tx = await store.BeginAsync(Ct))
            {
                await tx.SetMetaAsync("mode", "1", Ct);
                await tx.CommitAsync(Ct);
            }

            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                Assert.True(File.Exists(file), file);
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }
    }

    internal static void AssertOneSentenceWithoutSecret(string message, string? secret)
    {
        Assert.EndsWith(".", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotMatch(@"\.\s+[A-Z]", message);
        if (secret is not null)
        {
            Assert.DoesNotContain(secret, message, StringComparison.Ordinal);
        }
    }

    private static int UnusedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string WriteFile(string name)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, "placeholder");
        return path;
    }
}
