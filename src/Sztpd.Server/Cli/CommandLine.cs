namespace Sztpd.Server.Cli;

/// <summary>The parsed command line: <c>sztpd [-h] [-v] [-C CACERT] [-c CERT] [-k KEY] database-url</c> (installation guide 2.5).</summary>
internal sealed record CommandLine(string? DatabaseUrl, string? CaCert, string? Cert, string? Key, bool Help, bool Version)
{
    /// <summary>Parses the arguments; on a usage error returns null with <paramref name="error"/> set to one sentence.</summary>
    public static CommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        string? url = null, cacert = null, cert = null, key = null;
        bool help = false, version = false;
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            switch (a)
            {
                case "-h" or "--help":
                    help = true;
                    break;
                case "-v" or "--version":
                    version = true;
                    break;
                case "-C" or "--cacert" or "-c" or "--cert" or "-k" or "--key":
                    if (i + 1 >= args.Count)
                    {
                        error = $"argument {a}: expected one argument.";
                        return null;
                    }
                    var v = args[++i];
                    if (a is "-C" or "--cacert") { cacert = v; } else if (a is "-c" or "--cert") { cert = v; } else { key = v; }
                    break;
                default:
                    if (a.StartsWith('-') && a.Length > 1)
                    {
                        error = $"unrecognized argument: {a}.";
                        return null;
                    }
                    if (url is not null)
                    {
                        error = $"unrecognized argument: {a} (only one database-url may be given).";
                        return null;
                    }
                    url = a;
                    break;
            }
        }
        if (help || version)
        {
            return new(url, cacert, cert, key, help, version);
        }
        if (url is null)
        {
            error = "the following arguments are required: database-url.";
            return null;
        }
        if ((cert is null) != (key is null))
        {
            error = "--cert and --key must be given together.";
            return null;
        }
        if (cert is not null && cacert is null)
        {
            error = "--cert and --key require --cacert.";
            return null;
        }
        return new(url, cacert, cert, key, false, false);
    }
}
