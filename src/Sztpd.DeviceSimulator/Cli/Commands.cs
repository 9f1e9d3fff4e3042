namespace Sztpd.DeviceSimulator.Cli;

/// <summary>Every sub-command, and the dispatch from the command line to one of them.</summary>
public static class Commands
{
    /// <summary>The sub-commands, in the order the usage lists them.</summary>
    public static IReadOnlyList<ICommand> All { get; } =
    [
        new RunCommand(),
        new StormCommand(),
        new PkiDemoCommand(),
        new DhcpEncodeCommand(),
        new DhcpDecodeCommand(),
        new DnsRecordsCommand(),
        new StorageBundleCommand(),
        new StorageShowCommand(),
    ];

    /// <summary>Runs the sub-command named by the first words of <paramref name="args"/>.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            await WriteUsageAsync(args.Count == 0 ? stderr : stdout).ConfigureAwait(false);
            return args.Count == 0 ? 2 : 0;
        }

        var command = All
            .Where(c => c.Name.Split(' ') is var words && words.Length <= args.Count && words.SequenceEqual(args.Take(words.Length)))
            .MaxBy(c => c.Name.Length);
        if (command is null)
        {
            await stderr.WriteLineAsync($"sztp-device: unknown command \"{string.Join(' ', args.Take(2))}\".").ConfigureAwait(false);
            await WriteUsageAsync(stderr).ConfigureAwait(false);
            return 2;
        }

        var rest = args.Skip(command.Name.Split(' ').Length).ToArray();
        if (rest is ["-h"] or ["--help"])
        {
            await stdout.WriteLineAsync($"usage: sztp-device {command.Usage}").ConfigureAwait(false);
            return 0;
        }

        try
        {
            return await command.RunAsync(rest, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (UsageError(e) is { } message)
        {
            await stderr.WriteLineAsync($"sztp-device {command.Name}: {message}").ConfigureAwait(false);
            await stderr.WriteLineAsync($"usage: sztp-device {command.Usage}").ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // unreadable or invalid input files: bad data, not a bad command line; never a stack trace
            await stderr.WriteLineAsync($"sztp-device {command.Name}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>
    /// What the command line got wrong (exit status 2, with the usage): <see cref="CommandLineException"/>, and the
    /// <see cref="ArgumentException"/> or <see cref="FormatException"/> of a value the artifact encoders refused; else null.
    /// </summary>
    private static string? UsageError(Exception e) => e switch
    {
        CommandLineException => e.Message,
        // without the " (Parameter 'name')" suffix, which means nothing on a command line
        ArgumentException a => a.ParamName is null ? a.Message : a.Message.Replace($" (Parameter '{a.ParamName}')", string.Empty, StringComparison.Ordinal),
        FormatException => e.Message,
        _ => null,
    };

    private static async Task WriteUsageAsync(TextWriter writer)
    {
        await writer.WriteLineAsync("usage: sztp-device COMMAND [options]   (an RFC 8572 device simulator)").ConfigureAwait(false);
        foreach (var command in All)
        {
            await writer.WriteLineAsync($"  {command.Usage}").ConfigureAwait(false);
        }
    }
}
