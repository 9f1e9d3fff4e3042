using System.Diagnostics;

namespace Sztpd.Testing.Processes;

/// <summary>An executable of this solution (a dll next to the tests) run with <c>dotnet</c>, output redirected.</summary>
public static class DotnetProcess
{
    /// <summary>Starts <paramref name="dll"/>; <paramref name="unset"/> names environment variables the child must not inherit.</summary>
    public static Process Start(string dll, IEnumerable<string> args, IDictionary<string, string?>? env = null, IEnumerable<string>? unset = null)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var name in unset ?? [])
        {
            psi.Environment.Remove(name);
        }

        foreach (var kv in env ?? new Dictionary<string, string?>())
        {
            psi.Environment[kv.Key] = kv.Value;
        }

        return Process.Start(psi)!;
    }

    /// <summary>Runs <paramref name="dll"/> to completion (at most <paramref name="timeout"/>, 60 s by default): exit code, stdout, stderr.</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> RunToExitAsync(
        string dll, IEnumerable<string> args, IDictionary<string, string?>? env = null, IEnumerable<string>? unset = null, string? stdin = null, TimeSpan? timeout = null)
    {
        using var process = Start(dll, args, env, unset);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
