namespace Sztpd.DeviceSimulator.Cli;

/// <summary>The command line is wrong; the message says how (printed with the usage, exit status 2).</summary>
public sealed class CommandLineException(string message) : Exception(message);
