namespace Sztpd.Storage.Tests.Contract;

public sealed class SqliteMemoryDataStoreTests : DataStoreContractTests
{
    protected override bool Persistent => false;

    protected override DatabaseUrl NewDatabase() => DatabaseUrl.Parse("sqlite:///:memory:");
}
