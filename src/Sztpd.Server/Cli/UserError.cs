namespace Sztpd.Server.Cli;

/// <summary>A mistake the user can fix: printed as one sentence on stderr, no stack trace, exit status 1.</summary>
internal sealed class UserError(string message) : Exception(message);
