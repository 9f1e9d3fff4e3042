using System.Diagnostics;
using System.Text.Json.Nodes;
using Sztpd.Testing;
using Sztpd.Testing.Processes;

namespace Sztpd.EndToEnd.Tests.Cli;

/// <summary>The README's "From nothing to a bootstrapped device" commands, run as written (ports and the demo folder moved).</summary>
public sealed class ReadmeQuickStartTests
{
    private const string Marker = "<!-- quick-start-device -->";

    [Fact]
    public async Task ReadmeDeviceQuickStart_RunsAsWritten_TheFirstDeviceAndTheStormComplete()
    {
        var root = RepositoryRoot();
        using var dir = new TempDirectory("sztp-readme");
        var (nbi, sbi) = (SztpdProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), SztpdProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var commands = Block(File.ReadAllText(Path.Combine(root, "README.md")))
            .Replace("8080", nbi, StringComparison.Ordinal).Replace("8443", sbi, StringComparison.Ordinal)
            .Replace("demo/", dir.Path + "/", StringComparison.Ordinal)
            .Replace("--out demo ", $"--out {dir.Path} ", StringComparison.Ordinal).Replace("--pki demo ", $"--pki {dir.Path} ", StringComparison.Ordinal);
        Assert.DoesNotContain(" demo ", commands.Replace("-- pki demo ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var script = dir.WriteText("quick-start.sh", "set -e\n" + commands);

        var (code, stdout, stderr) = await RunInOwnProcessGroupAsync(script, root);

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("\"result\": \"bootstrap-complete\"", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir.Path, "demo-0001", "configuration")), stderr);
        var storm = JsonNode.Parse(stdout.Split('\n').Last(l => l.StartsWith("{\"devices\"", StringComparison.Ordinal)))!;
        Assert.Equal(10, (int)storm["completed"]!);
        Assert.Equal(0, (int)storm["errors"]!);
    }

    private static string Block(string readme)
    {
        var start = readme.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no {Marker}");
        var open = readme.IndexOf("```sh\n", start, StringComparison.Ordinal) + "```sh\n".Length;
        return readme[open..readme.IndexOf("```", open, StringComparison.Ordinal)];
    }

    /// <summary>bash in a new session, so everything it started (dotnet run and the servers under it) is ended afterwards.</summary>
    private static async Task<(int Code, string Stdout, string Stderr)> RunInOwnProcessGroupAsync(string script, string workingDirectory)
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
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        }
        finally
        {
            _ = Syscall.Kill(-process.Id, 15);
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sztpd.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Sztpd.slnx) is not above the test's directory.");
    }
}
