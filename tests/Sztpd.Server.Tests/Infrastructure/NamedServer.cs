using System.Diagnostics;
using System.Security.Cryptography;
using Sztpd.Testing;
using Sztpd.Testing.Processes;

namespace Sztpd.Server.Tests.Infrastructure;

/// <summary>
/// Debian's BIND (<c>named</c>, package bind9) on loopback, primary for zone <see cref="Zone"/>, accepting dynamic
/// updates (RFC 2136) signed with the TSIG key of <see cref="KeyFileText"/>, made per run: the DNS server of the
/// DNS-01 tests.
/// </summary>
internal sealed class NamedServer : IDisposable
{
    public const string Zone = "example.test";
    public const string KeyName = "sztpd-acme";

    private readonly Process _process;

    private NamedServer(Process process, int port, string keyFileText) => (_process, Port, KeyFileText) = (process, port, keyFileText);

    public int Port { get; }

    /// <summary>The key statement, as <c>tsig-keygen</c> writes it (what SZTPD_TSIG_KEYS_FILE holds).</summary>
    public string KeyFileText { get; }

    public static async Task<NamedServer> StartAsync(TempDirectory dir)
    {
        const string Named = "/usr/sbin/named";
        if (!File.Exists(Named))
        {
            throw ToolMissingException.For("BIND is not installed (`apt-get install -y bind9`); .ci/run installs it.");
        }
        var port = SztpdProcess.FreePort();
        var key = $"key \"{KeyName}\" {{\n\talgorithm hmac-sha256;\n\tsecret \"{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}\";\n}};\n";
        var folder = Directory.CreateDirectory(dir.Combine("named")).FullName;
        var zoneFile = Path.Combine(folder, $"{Zone}.zone");
        await File.WriteAllTextAsync(zoneFile, $"""
            $TTL 60
            @ IN SOA ns.{Zone}. hostmaster.{Zone}. 1 60 60 600 60
            @ IN NS ns.{Zone}.
            ns IN A 127.0.0.1

            """);
        var config = Path.Combine(folder, "named.conf");
        await File.WriteAllTextAsync(config, $$"""
            options {
              directory "{{folder}}";
              pid-file "{{folder}}/named.pid";
              listen-on port {{port}} { 127.0.0.1; };
              listen-on-v6 { none; };
              recursion no;
              dnssec-validation no;
            };
            controls { };
            {{key}}
            zone "{{Zone}}" { type primary; file "{{zoneFile}}"; allow-update { key "{{KeyName}}"; }; };

            """);
        var info = new ProcessStartInfo(Named) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-g", "-n", "1", "-c", config })
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("named did not start.");
        _ = process.StandardOutput.ReadToEndAsync();
        var said = new List<string>();
        string? line;
        while ((line = await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))) is not null && !line.Contains("running", StringComparison.Ordinal))
        {
            said.Add(line);
        }
        if (line is null)
        {
            process.Dispose();
            throw new InvalidOperationException($"named ended before running: {string.Join('\n', said.TakeLast(20))}");
        }
        _ = process.StandardError.ReadToEndAsync();
        return new NamedServer(process, port, key);
    }

    public void Dispose()
    {
        _process.KillAndDispose();
    }
}
