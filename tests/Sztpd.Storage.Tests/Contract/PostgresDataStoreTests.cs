using Sztpd.Storage.Tests.Servers;

namespace Sztpd.Storage.Tests.Contract;

/// <summary>Against the PostgreSQL server of SZTPD_TEST_POSTGRES_URL (skipped when unset).</summary>
public sealed class PostgresDataStoreTests(PostgresDatabases databases) : DataStoreContractTests, IClassFixture<PostgresDatabases>
{
    protected override DatabaseUrl NewDatabase() => databases.NewUrl();
}
