using System.Diagnostics;

namespace Sztpd.Testing.Processes;

/// <summary>Ends a server process a test started, by its PID, and releases it.</summary>
public static class ProcessStop
{
    /// <summary>Kills <paramref name="process"/> (if it still runs), waits for its end, and disposes it.</summary>
    public static void KillAndDispose(this Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            process.Kill();
            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Already ended.
        }
        process.Dispose();
    }
}
