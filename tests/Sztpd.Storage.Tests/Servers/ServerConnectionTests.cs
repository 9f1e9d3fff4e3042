using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sztpd.Storage.Sql;

namespace Sztpd.Storage.Tests.Servers;

/// <summary>
/// Authentication and TLS (--cacert, --cert, --key) against the servers of .ci/databases.sh, which also exports
/// SZTPD_TEST_DB_CACERT (the servers' CA) and SZTPD_TEST_DB_CLIENT_CERT/KEY/USER (a certificate-only user).
/// </summary>
public sealed class ServerConnectionTests(PostgresDatabases postgres, MySqlDatabases mysql)
    : IClassFixture<PostgresDatabases>, IClassFixture<MySqlDatabases>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sztpd-tls-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(DatabaseDialect.PostgreSql)]
    [InlineData(DatabaseDialect.MySql)]
    public async Task OpenAsync_WrongPassword_ThrowsDataStoreException(DatabaseDialect dialect)
    {
        var url = Databases(dialect).NewUrl() with { Password = "Wr0ngPassw0rdXYZ" };

        var error = await Assert.ThrowsAsync<DataStoreException>(() => DataStoreFactory.OpenAsync(url, null, Ct));

        Assert.Contains($"{url.Host}:{url.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains(url.User!, error.Message, StringComparison.Ordinal);
        DataStoreFactoryTests.AssertOneSentenceWithoutSecret(error.Message, "Wr0ngPassw0rdXYZ");
    }

    [Fact]
    public async Task OpenAsync_PostgresWithCaCert_SessionIsEncrypted()
    {
        var url = postgres.NewUrl();

        await using var store = await DataStoreFactory.OpenAsync(url, new DatabaseTls(CaCert(), null, null), Ct);

        var ssl = await ((SqlDataStore)store).QueryTextAsync("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", 0, Ct);
        Assert.Equal("True", ssl);
        await AssertUsableAsync(store);
    }

    [Fact]
    public async Task OpenAsync_MySqlWithCaCert_SessionIsEncrypted()
    {
        var url = mysql.NewUrl();

        await using var store = await DataStoreFactory.OpenAsync(url, new DatabaseTls(CaCert(), null, null), Ct);

        var cipher = await ((SqlDataStore)store).QueryTextAsync("SHOW SESSION STATUS LIKE 'Ssl_cipher'", 1, Ct);
        Assert.False(string.IsNullOrEmpty(cipher));
        await AssertUsableAsync(store);
    }

    [Theory]
    [InlineData(DatabaseDialect.PostgreSql)]
    [InlineData(DatabaseDialect.MySql)]
    public async Task OpenAsync_CaThatDidNotIssueServerCert_ThrowsDataStoreException(DatabaseDialect dialect)
    {
        var url = Databases(dialect).NewUrl();
        CaCert();

        var error = await Assert.ThrowsAsync<DataStoreException>(
            () => DataStoreFactory.OpenAsync(url, new DatabaseTls(WriteUnrelatedCa(), null, null), Ct));

        Assert.Contains($"{url.Host}:{url.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("TLS", error.Message, StringComparison.Ordinal);
        DataStoreFactoryTests.AssertOneSentenceWithoutSecret(error.Message, url.Password);
    }

    [Theory]
    [InlineData(DatabaseDialect.PostgreSql)]
    [InlineData(DatabaseDialect.MySql)]
    public async Task OpenAsync_ClientCertificate_AuthenticatesWithoutPassword(DatabaseDialect dialect)
    {
        var (cert, key, user) = ClientCredentials();
        var url = Databases(dialect).NewUrl() with { User = user, Password = null };

        await using var store = await DataStoreFactory.OpenAsync(url, new DatabaseTls(CaCert(), cert, key), Ct);

        await AssertUsableAsync(store);
    }

    [Theory]
    [InlineData(DatabaseDialect.PostgreSql)]
    [InlineData(DatabaseDialect.MySql)]
    public async Task OpenAsync_CertificateUserWithoutClientCertificate_ThrowsDataStoreException(DatabaseDialect dialect)
    {
        var (_, _, user) = ClientCredentials();
        var url = Databases(dialect).NewUrl() with { User = user, Password = null };

        await Assert.ThrowsAsync<DataStoreException>(() => DataStoreFactory.OpenAsync(url, new DatabaseTls(CaCert(), null, null), Ct));
    }

    private static async Task AssertUsableAsync(Core.Storage.IDataStore store)
    {
        await using (var tx = await store.BeginAsync(Ct))
        {
            await tx.SetMetaAsync("mode", "1", Ct);
            await tx.CommitAsync(Ct);
        }

        Assert.Equal("1", await store.GetMetaAsync("mode", Ct));
    }

    private static string CaCert() => Required("SZTPD_TEST_DB_CACERT");

    private static (string Cert, string Key, string User) ClientCredentials() =>
        (Required("SZTPD_TEST_DB_CLIENT_CERT"), Required("SZTPD_TEST_DB_CLIENT_KEY"), Required("SZTPD_TEST_DB_CLIENT_USER"));

    private static string Required(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            Assert.Skip($"{variable} is not set; run the tests under .ci/databases.sh to test TLS.");
        }

        return value;
    }

    private ServerDatabases Databases(DatabaseDialect dialect) => dialect == DatabaseDialect.PostgreSql ? postgres : mysql;

    /// <summary>A CA made for this run that never issued anything the servers present.</summary>
    private string WriteUnrelatedCa()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Unrelated Test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        var path = Path.Combine(_directory, "unrelated-ca.pem");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }
}
