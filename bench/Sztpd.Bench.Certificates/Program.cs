using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sztpd.Core.Storage;
using Sztpd.Pki.Certificates;
using Sztpd.Storage;

// The certificate figures of bench/run.sh (docs/performance.md, "Certificates"), measured on sztpd's own code and
// store: issuing EC P-256 device certificates from PKCS #10 requests (CsrIssuer, as the CSR exchange does), on one
// thread, then by 16 at a time each recorded in its own commit (as before a device gets its certificate; concurrent
// commits are grouped), per second of CPU (all cores); RECORDS recorded certificates, with
// the inventory's reads (the newest page, one certificate by issuer and serial) timed at 1,000 and at RECORDS;
// REVOKED of them revoked, one commit each; the CA's CRL built from the store (read and signed); the peak RSS.
// usage: sztp-bench-certificates DATABASE-URL RECORDS REVOKED ISSUE-SECONDS    (prints one JSON line)
if (args.Length != 4 || !long.TryParse(args[1], out var records) || !int.TryParse(args[2], out var revokedCount) || !double.TryParse(args[3], CultureInfo.InvariantCulture, out var issueSeconds)
    || records < 1000 || revokedCount > records)
{
    Console.Error.WriteLine("usage: sztp-bench-certificates DATABASE-URL RECORDS (>= 1000) REVOKED (<= RECORDS) ISSUE-SECONDS");
    return 2;
}

const string Issuer = "device-ca";
await using var store = await DataStoreFactory.OpenAsync(DatabaseUrl.Parse(args[0]), null);
using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
var now = DateTimeOffset.UtcNow;
using var ca = new CertificateRequest("CN=Bench Device CA", caKey, HashAlgorithmName.SHA256) { CertificateExtensions = { new X509BasicConstraintsExtension(true, false, 0, true) } }
    .CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
var figures = new SortedDictionary<string, string>(StringComparer.Ordinal);
void Figure(string name, double value) => figures[name] = value.ToString("0.###", CultureInfo.InvariantCulture);

// Issuance, on one thread: the requests are the devices' work, made beforehand.
var csrs = Enumerable.Range(0, 100).Select(i =>
{
    using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    return new CertificateRequest($"CN=device-{i}, SERIALNUMBER=device-{i}", key, HashAlgorithmName.SHA256).CreateSigningRequest();
}).ToArray();
var (signed, signCpu) = await IssueAsync(record: false, workers: 1);
Figure("issued_per_cpu_second", signed / signCpu.TotalSeconds);
// Recorded as a device's is: each in its own commit, which concurrent requests share (group commit).
var (recorded, recordCpu) = await IssueAsync(record: true, workers: 16);
Figure("issued_and_recorded_per_cpu_second", recorded / recordCpu.TotalSeconds);

async Task<(long Count, TimeSpan Cpu)> IssueAsync(bool record, int workers)
{
    var process = Process.GetCurrentProcess();
    var cpu0 = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    long count = 0;
    await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
    {
        while (clock.Elapsed.TotalSeconds < issueSeconds)
        {
            var n = Interlocked.Increment(ref count);
            using var issued = CsrIssuer.Issue(csrs[n % csrs.Length], ca, caKey, now, 365, out var error) ?? throw new InvalidOperationException(error);
            if (record)
            {
                await store.Certificates.AddAsync(Append(issued, $"device \"device-{n % csrs.Length}\""));
            }
        }
    })));
    process.Refresh();
    return (count, process.TotalProcessorTime - cpu0);
}

// The inventory: 1,000 records, then up to RECORDS, in commits of 10,000; its reads timed at both sizes.
using var template = CsrIssuer.Issue(csrs[0], ca, caKey, now, 365, out _)!;
var der = Convert.ToBase64String(template.RawData);
long written = await store.Certificates.CountAsync("", "bench", DateTimeOffset.MinValue);
var serials = new List<string>();
var insert = Stopwatch.StartNew();
await FillAsync(1000);
ReadFigures("1000");
await FillAsync(records);
Figure("insert_per_second", (records - 1000) / insert.Elapsed.TotalSeconds);
ReadFigures("records");

// Revocations, one commit each as revoke-certificate makes them; then the CRL, from the store.
var revoke = Stopwatch.StartNew();
for (var i = 0; i < revokedCount; i++)
{
    _ = await store.Certificates.RevokeAsync("", Issuer, Serial(i * (records / Math.Max(revokedCount, 1))), now, "key-compromise");
}
Figure("revoke_ms", revoke.Elapsed.TotalMilliseconds / Math.Max(revokedCount, 1));
var crlClock = Stopwatch.StartNew();
var entries = await store.Certificates.ReadRevokedAsync("", Issuer, now);
var crl = RevocationList.Build(ca, caKey, entries, BigInteger.One, now, now.AddDays(7));
Figure("crl_rebuild_s", crlClock.Elapsed.TotalSeconds);
Figure("crl_entries", entries.Count);
Figure("crl_bytes", crl.Length);
Figure("records", records);
Figure("peak_rss_mb", PeakRssMb());
Console.WriteLine("{" + string.Join(",", figures.Select(f => $"\"{f.Key}\":{f.Value}")) + "}");
return 0;

async Task FillAsync(long upTo)
{
    while (written < upTo)
    {
        await using var tx = await store.BeginAsync();
        for (var n = 0; n < 10_000 && written < upTo; n++, written++)
        {
            await tx.AddCertificateAsync(new CertificateAppend("", Issuer, Serial(written), "bench", "CN=bench", now, now.AddDays(365), der));
        }
        await tx.CommitAsync();
    }
}

void ReadFigures(string at)
{
    Figure($"read_newest_page_ms.{at}", Median(50, () => store.Certificates.ReadAsync("", null, 0, 100, newestFirst: true).GetAwaiter().GetResult()));
    var random = new Random(1);
    Figure($"find_ms.{at}", Median(200, () => store.Certificates.FindAsync("", Issuer, Serial(random.NextInt64(written))).GetAwaiter().GetResult()));
}

static double Median(int n, Func<object?> read)
{
    var times = new double[n];
    for (var i = 0; i < n; i++)
    {
        var clock = Stopwatch.StartNew();
        _ = read() ?? throw new InvalidOperationException("Nothing read.");
        times[i] = clock.Elapsed.TotalMilliseconds;
    }
    Array.Sort(times);
    return times[n / 2];
}

CertificateAppend Append(X509Certificate2 issued, string holder) =>
    new("", Issuer, issued.SerialNumber.ToLowerInvariant(), holder, issued.Subject, issued.NotBefore.ToUniversalTime(), issued.NotAfter.ToUniversalTime(), Convert.ToBase64String(issued.RawData));

static string Serial(long i) => $"b{i:x15}";

static double PeakRssMb()
{
    var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}
