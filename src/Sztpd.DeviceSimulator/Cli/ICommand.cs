namespace Sztpd.DeviceSimulator.Cli;

/// <summary>One <c>sztp-device</c> sub-command (e.g. <c>run</c>, <c>pki demo</c>, <c>dhcp encode</c>).</summary>
public interface ICommand
{
    /// <summary>The words that select the command, e.g. "pki demo".</summary>
    string Name { get; }

    /// <summary>One line of usage shown by <c>sztp-device --help</c>.</summary>
    string Usage { get; }

    /// <summary>Runs the command; returns the process exit status.</summary>
    /// <exception cref="CommandLineException">The arguments are wrong.</exception>
    Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken);
}
