using Sztpd.Core.Storage;

namespace Sztpd.Storage.Tests.Contract;

/// <summary>The issued certificates: recorded in a transaction or alone, read per scope and issuer, revoked once, listed for a CRL.</summary>
public abstract partial class DataStoreContractTests
{
    private static CertificateAppend Issued(string scope, string issuer, string serial, DateTimeOffset notAfter) =>
        new(scope, issuer, serial, $"device \"{serial}\"", $"CN={serial}", T0, notAfter, "MIIB");

    [Fact]
    public async Task Certificates_AreReadPerScopeAndIssuer_RevokedOnce_AndTheUnexpiredRevokedAreACrlsEntries()
    {
        await using var store = await OpenNewAsync();
        await using (var tx = await store.BeginAsync(Ct))
        {
            await tx.AddCertificateAsync(Issued("", "ca", "01", T0.AddDays(30)), Ct);
            await tx.CommitAsync(Ct);
        }
        await store.Certificates.AddAsync(Issued("", "ca", "02", T0.AddDays(1)), Ct);
        await store.Certificates.AddAsync(Issued("", "other-ca", "01", T0.AddDays(30)), Ct);
        await store.Certificates.AddAsync(Issued("tenant/a/", "ca", "01", T0.AddDays(30)), Ct);

        Assert.Equal([("ca", "01"), ("ca", "02"), ("other-ca", "01")], (await store.Certificates.ReadAsync("", null, 0, 10, false, Ct)).Select(c => (c.Issuer, c.Serial)));
        Assert.Equal(["02", "01"], (await store.Certificates.ReadAsync("", "ca", 0, 10, true, Ct)).Select(c => c.Serial));
        Assert.Single(await store.Certificates.ReadAsync("tenant/a/", null, 0, 10, false, Ct));

        var revoked = await store.Certificates.RevokeAsync("", "ca", "01", T0.AddHours(1), "key-compromise", Ct);
        var again = await store.Certificates.RevokeAsync("", "ca", "01", T0.AddHours(2), "superseded", Ct);
        await store.Certificates.RevokeAsync("", "ca", "02", T0.AddHours(1), "unspecified", Ct);
        Assert.Equal((T0.AddHours(1), "key-compromise"), (revoked!.Revoked, revoked.Reason));
        Assert.Equal((T0.AddHours(1), "key-compromise"), (again!.Revoked, again.Reason));
        Assert.Null(await store.Certificates.RevokeAsync("", "ca", "03", T0, "unspecified", Ct));
        Assert.Null((await store.Certificates.FindAsync("tenant/a/", "ca", "01", Ct))!.Revoked);

        // "02" expired by T0 + 2 days: no longer a CRL entry.
        Assert.Equal(["01", "02"], (await store.Certificates.ReadRevokedAsync("", "ca", T0, Ct)).Select(c => c.Serial));
        Assert.Equal(["01"], (await store.Certificates.ReadRevokedAsync("", "ca", T0.AddDays(2), Ct)).Select(c => c.Serial));

        await using (var tx = await store.BeginAsync(Ct))
        {
            await tx.DeleteScopeAsync("tenant/a/", Ct);
            await tx.CommitAsync(Ct);
        }
        Assert.Empty(await store.Certificates.ReadAsync("tenant/a/", null, 0, 10, false, Ct));
        Assert.Equal(3, (await store.Certificates.ReadAsync("", null, 0, 10, false, Ct)).Count);

        // Counted per holder until they expire; pruned once expired long enough.
        Assert.Equal(2, await store.Certificates.CountAsync("", "device \"01\"", T0, Ct));
        Assert.Equal(1, await store.Certificates.CountAsync("", "device \"02\"", T0, Ct));
        Assert.Equal(0, await store.Certificates.CountAsync("", "device \"02\"", T0.AddDays(2), Ct));
        Assert.Equal(1, await store.Certificates.PruneExpiredAsync(T0.AddDays(2), Ct));
        Assert.Equal(["01", "01"], (await store.Certificates.ReadAsync("", null, 0, 10, false, Ct)).Select(c => c.Serial));
    }
}
