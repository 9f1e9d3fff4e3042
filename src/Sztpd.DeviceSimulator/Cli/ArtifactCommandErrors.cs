namespace Sztpd.DeviceSimulator.Cli;

/// <summary>
/// How the artifact commands (<c>dhcp</c>, <c>dns</c>, <c>storage</c>) report failures: a value the command line
/// got wrong (<see cref="ArgumentException"/>, <see cref="FormatException"/>) becomes a
/// <see cref="CommandLineException"/> (exit status 2, with the usage); unreadable or invalid files are bad data
/// (exit status 1). Never a stack trace.
/// </summary>
internal static class ArtifactCommandErrors
{
    /// <summary>Runs <paramref name="body"/>, mapping its failures as described above.</summary>
    public static async Task<int> GuardAsync(string command, TextWriter stderr, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            // the message without the " (Parameter 'name')" suffix, which means nothing on a command line
            throw new CommandLineException(e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal));
        }
        catch (FormatException e)
        {
            throw new CommandLineException(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            await stderr.WriteLineAsync($"sztp-device {command}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>The bytes of the file named by <paramref name="option"/>, or null when the option is absent.</summary>
    public static async Task<byte[]?> ReadOptionalFileAsync(CommandLine commandLine, string option, CancellationToken cancellationToken)
    {
        var path = commandLine.Get(option);
        if (path is null)
        {
            return null;
        }

        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new IOException($"{option} {path}: no such file.", e);
        }
    }

    /// <summary>The owner certificate and voucher options are given together or not at all.</summary>
    public static void RequireBothOrNeither(CommandLine commandLine)
    {
        if (commandLine.Get("--owner-certificate") is null != commandLine.Get("--ownership-voucher") is null)
        {
            throw new CommandLineException("--owner-certificate and --ownership-voucher go together (signed data) or not at all.");
        }
    }
}
