namespace Sztpd.Storage.Tests.Contract;

public sealed class SqliteFileDataStoreTests : DataStoreContractTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sztpd-storage-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    protected override DatabaseUrl NewDatabase() =>
        DatabaseUrl.Parse("sqlite:///" + Path.Combine(_directory, $"{Guid.NewGuid():N}.db"));
}
