using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary>Every sub-command, and the dispatch from the command line to one of them with the exit statuses.</summary>
internal static class Commands
{
    // "@file" is a value like any other, not a response file to read arguments from
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    /// <summary>The command tree: the root's help lists every command, its own help every option.</summary>
    public static Command Create() => new("sztp-device", "An RFC 8572 device simulator, load generator, demo PKI writer and bootstrap artifact tool.")
    {
        new HelpOption(),
        new RunCommand(),
        new StormCommand(),
        Group("pki", "Demo PKIs", new PkiDemoCommand()),
        Group("dhcp", "SZTP redirect options (RFC 8572 section 8)", new DhcpEncodeCommand(), new DhcpDecodeCommand()),
        Group("dns", "DNS records (RFC 8572 section 4.2)", new DnsRecordsCommand()),
        Group("storage", "Removable storage (RFC 8572 section 4.1)", new StorageBundleCommand(), new StorageShowCommand()),
    };

    /// <summary>
    /// Runs the command <paramref name="args"/> name. Exit status 2 for a wrong command line (the errors and the
    /// command's usage on stderr), 1 when an input file cannot be read or is invalid, otherwise the command's own.
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var root = Create();
        var parsed = root.Parse(args, Parsing);
        if (args.Count == 0)
        {
            WriteUsage(root, parsed.CommandResult, stderr);
            return 2;
        }

        if (parsed.Action is ParseErrorAction)
        {
            foreach (var error in parsed.Errors)
            {
                await stderr.WriteLineAsync($"{NameOf(parsed)}: {error.Message}").ConfigureAwait(false);
            }

            WriteUsage(root, parsed.CommandResult, stderr);
            return 2;
        }

        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        try
        {
            return await parsed.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            // a value the command refused once it ran (e.g. an unreadable identity, a URI the encoder refuses), without
            // the " (Parameter 'name')" suffix, which means nothing on a command line
            var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
            await stderr.WriteLineAsync($"{NameOf(parsed)}: {message}").ConfigureAwait(false);
            WriteUsage(root, parsed.CommandResult, stderr);
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // unreadable or invalid input files: bad data, not a bad command line; never a stack trace
            await stderr.WriteLineAsync($"{NameOf(parsed)}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>The words that name the parsed command, e.g. "sztp-device dns records".</summary>
    public static string NameOf(ParseResult parseResult) => string.Join(' ', Words(parseResult.CommandResult).Prepend(parseResult.RootCommandResult.Command.Name));

    private static Command Group(string name, string description, params Command[] commands)
    {
        var group = new Command(name, $"{description}: {string.Join(", ", commands.Select(c => $"{name} {c.Name}"))}.");
        foreach (var command in commands)
        {
            group.Add(command);
        }

        return group;
    }

    /// <summary>The help of <paramref name="command"/>, as <c>COMMAND --help</c> prints it, on <paramref name="writer"/>.</summary>
    private static void WriteUsage(Command root, CommandResult command, TextWriter writer) =>
        root.Parse([.. Words(command), "--help"], Parsing).Invoke(new InvocationConfiguration { Output = writer });

    /// <summary>The words after the executable's name that select <paramref name="command"/>.</summary>
    private static IEnumerable<string> Words(CommandResult command) =>
        command.Parent is CommandResult parent ? Words(parent).Append(command.Command.Name) : [];
}
