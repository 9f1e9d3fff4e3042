using System.Diagnostics;
using Sztpd.Testing;

namespace Sztpd.Server.Tests.Infrastructure;

/// <summary>Runs <c>yanglint</c> (Debian <c>libyang-tools</c>), the external YANG checker CI installs, on the repository's <c>yang/</c> modules.</summary>
public static class Yanglint
{
    /// <summary>
    /// <c>yanglint -D -p yang/ MODULE... DATA</c>: validates <paramref name="dataFile"/> as a complete datastore of the
    /// given modules (imports from <c>yang/</c>); exit code and everything yanglint printed. Throws <see cref="ToolMissingException"/> when yanglint is missing.
    /// </summary>
    public static async Task<(int Code, string Output)> ValidateAsync(IEnumerable<string> modules, string dataFile)
    {
        ArgumentNullException.ThrowIfNull(modules);
        var psi = new ProcessStartInfo("yanglint") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-D", "-p", TestData.RepositoryYang }.Concat(modules).Append(dataFile))
        {
            psi.ArgumentList.Add(a);
        }
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw ToolMissingException.For("yanglint is not installed: install Debian libyang-tools (`apt-get install -y libyang-tools`); .ci/run does.", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
        }
    }
}
