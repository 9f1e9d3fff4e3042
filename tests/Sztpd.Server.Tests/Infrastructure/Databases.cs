namespace Sztpd.Server.Tests.Infrastructure;

/// <summary>The databases a test can run on: SQLite always, PostgreSQL and MariaDB when CI configured them.</summary>
public static class Databases
{
    public static TheoryData<string> All => new("sqlite-file", "postgresql", "mysql");

    /// <summary>A fresh database URL of the given kind; skips the test when that server is not configured.</summary>
    public static string NewUrl(string kind, string tempDir)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        switch (kind)
        {
            case "sqlite-file":
                return $"sqlite:///{Path.Combine(tempDir, "sztpd.db")}";
            case "sqlite-memory":
                return "sqlite:///:memory:";
        }
        var baseUrl = Environment.GetEnvironmentVariable(kind == "postgresql" ? "SZTPD_TEST_POSTGRES_URL" : "SZTPD_TEST_MYSQL_URL");
        if (string.IsNullOrEmpty(baseUrl))
        {
            Assert.Skip($"{kind} is not configured (set {(kind == "postgresql" ? "SZTPD_TEST_POSTGRES_URL" : "SZTPD_TEST_MYSQL_URL")}; .ci/run does).");
        }
        var slash = baseUrl.LastIndexOf('/');
        return $"{baseUrl[..slash]}/sztpd_srv_{suffix}";
    }
}
