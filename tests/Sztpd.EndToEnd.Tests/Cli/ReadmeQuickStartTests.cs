using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sztpd.Testing;
using Sztpd.Testing.Processes;

namespace Sztpd.EndToEnd.Tests.Cli;

/// <summary>
/// The README's "From nothing to a bootstrapped device": every command block marked <c>&lt;!-- readme-test --&gt;</c>, in
/// order and unmodified, run by bash in a fresh copy of the repository's sources, as a new user would run them.
/// </summary>
public sealed class ReadmeQuickStartTests
{
    private const string Marker = "<!-- readme-test -->";
    private static readonly int[] ReadmePorts = [8080, 8443];

    [Fact]
    public async Task ReadmeDeviceBlocks_RunVerbatimInAFreshCopy_TheFirstDeviceAndTheStormComplete()
    {
        var root = TestData.RepositoryRoot;
        var blocks = Blocks(File.ReadAllText(Path.Combine(root, "README.md")));
        foreach (var port in ReadmePorts)
        {
            Assert.True(IsFree(port), $"The README's commands use port {port}, which something else on this machine holds.");
        }
        using var copy = new TempDirectory("sztp-readme");
        CopySources(root, copy.Path);
        var script = copy.WriteText("readme-blocks.sh", "set -euo pipefail\n" + string.Join("\n", blocks));

        var (code, stdout, stderr) = await RunInOwnSessionAsync(script, copy.Path);

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("\"result\": \"bootstrap-complete\"", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(copy.Path, "demo", "demo-0001", "configuration")), stderr);
        Assert.True(File.Exists(Path.Combine(copy.Path, "demo", "sztpd.db")), "the server's database is not demo/sztpd.db of the folder the commands ran in");
        var log = Document(stdout, "\"wn-sztpd-1:bootstrapping-log\"");
        Assert.Contains(log["wn-sztpd-1:bootstrapping-log"]!["log-entry"]!.AsArray(),
            e => e!["event-details"]?["report-progress-event"]?["passed-input"]?["progress-type"]?.GetValue<string>() == "bootstrap-complete");
        var storm = JsonNode.Parse(stdout.Split('\n').Last(l => l.StartsWith("{\"devices\"", StringComparison.Ordinal)))!;
        Assert.Equal(10, (int)storm["completed"]!);
        Assert.Equal(0, (int)storm["errors"]!);
    }

    /// <summary>The JSON document in <paramref name="output"/> that holds <paramref name="member"/> (curl prints it with no newline after it).</summary>
    private static JsonNode Document(string output, string member)
    {
        var at = output.IndexOf(member, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no {member} in the output:\n{output}");
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(output[output.LastIndexOf('{', at)..]));
        return JsonNode.Parse(ref reader)!;
    }

    /// <summary>The text of every <c>sh</c> block that follows a marker.</summary>
    private static List<string> Blocks(string readme)
    {
        var blocks = new List<string>();
        for (var at = readme.IndexOf(Marker, StringComparison.Ordinal); at >= 0; at = readme.IndexOf(Marker, at + 1, StringComparison.Ordinal))
        {
            var open = readme.IndexOf("```sh\n", at, StringComparison.Ordinal) + "```sh\n".Length;
            blocks.Add(readme[open..readme.IndexOf("```", open, StringComparison.Ordinal)]);
        }
        Assert.True(blocks.Count >= 3, $"README.md has {blocks.Count} blocks marked {Marker}");
        return blocks;
    }

    /// <summary>What a clone holds that building the executables needs: the root's build files, src/ and yang/ (no build output).</summary>
    private static void CopySources(string root, string into)
    {
        foreach (var file in new[] { "README.md", "Sztpd.slnx", "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig" })
        {
            File.Copy(Path.Combine(root, file), Path.Combine(into, file));
        }
        foreach (var folder in new[] { "src", "yang" })
        {
            CopyFolder(new DirectoryInfo(Path.Combine(root, folder)), Path.Combine(into, folder));
        }
    }

    private static void CopyFolder(DirectoryInfo from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in from.EnumerateFiles())
        {
            file.CopyTo(Path.Combine(to, file.Name));
        }
        foreach (var sub in from.EnumerateDirectories().Where(d => d.Name is not ("bin" or "obj")))
        {
            CopyFolder(sub, Path.Combine(to, sub.Name));
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>bash in a new session, so everything it started (dotnet run and the servers under it) is ended afterwards.</summary>
    private static async Task<(int Code, string Stdout, string Stderr)> RunInOwnSessionAsync(string script, string workingDirectory)
    {
        var start = new ProcessStartInfo("setsid") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { "bash", script })
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        }
        finally
        {
            _ = Syscall.Kill(-process.Id, 15);
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
