using Sztpd.Storage.Tests.Servers;

namespace Sztpd.Storage.Tests.Contract;

/// <summary>Against the MySQL/MariaDB server of SZTPD_TEST_MYSQL_URL (skipped when unset).</summary>
public sealed class MySqlDataStoreTests(MySqlDatabases databases) : DataStoreContractTests, IClassFixture<MySqlDatabases>
{
    protected override DatabaseUrl NewDatabase() => databases.NewUrl();
}
