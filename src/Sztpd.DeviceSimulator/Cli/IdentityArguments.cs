using System.CommandLine;
using Sztpd.DeviceSimulator.Device;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary>The identity of <c>run</c>'s device (RFC 8572 §5.1): its IDevID as PEM files or as PKCS #12, and its serial number.</summary>
internal sealed class IdentityArguments
{
    private readonly Option<string> _cert = new("--cert") { HelpName = "FILE", Description = "The IDevID certificate (PEM; any intermediates after it are sent in the TLS handshake)." };
    private readonly Option<string> _key = new("--key") { HelpName = "FILE", Description = "The IDevID private key (PEM)." };
    private readonly Option<string> _pkcs12 = new("--pkcs12") { HelpName = "FILE", Description = "The IDevID and its key as PKCS #12, instead of --cert and --key." };
    private readonly Option<string> _pkcs12Password = new("--pkcs12-password") { HelpName = "P", Description = "The password of the --pkcs12 file." };
    private readonly Option<string> _password = new("--password") { HelpName = "P", Description = "Adds HTTP Basic authentication serial:password." };
    private readonly Option<string> _serialNumber = new("--serial-number") { HelpName = "S", Description = "The serial number (default: the certificate's, read as sztpd reads it)." };

    /// <summary>Adds the options to <paramref name="command"/>, which then refuses a command line without one identity.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new[] { _cert, _key, _pkcs12, _pkcs12Password, _password, _serialNumber })
        {
            command.Add(option);
        }

        command.AnyOf("Give an identity: --cert FILE with --key FILE, or --pkcs12 FILE.", _cert, _pkcs12);
        command.Together(_cert, _key);
        command.Conflicts(_pkcs12, _cert, _key);
        command.Needs(_pkcs12Password, _pkcs12);
    }

    /// <summary>The device's credentials, read from the files given.</summary>
    /// <exception cref="ArgumentException">A file cannot be read or holds no certificate and key: the command line is wrong.</exception>
    public DeviceCredentials Read(ParseResult parseResult)
    {
        var (password, serialNumber) = (parseResult.GetValue(_password), parseResult.GetValue(_serialNumber));
        try
        {
            return parseResult.GetValue(_pkcs12) is { } pkcs12
                ? DeviceCredentials.FromPkcs12(pkcs12, parseResult.GetValue(_pkcs12Password), password, serialNumber)
                : DeviceCredentials.FromPem(parseResult.GetRequiredValue(_cert), parseResult.GetRequiredValue(_key), password, serialNumber);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException(e.Message, e);
        }
    }
}
