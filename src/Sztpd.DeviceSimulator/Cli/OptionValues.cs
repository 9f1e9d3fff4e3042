using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Sztpd.DeviceSimulator.Artifacts;
using Sztpd.DeviceSimulator.Device;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary>
/// Parsers of option values (<see cref="System.CommandLine.Option{T}.CustomParser"/>) shared by the commands: a value
/// they refuse is a parse error naming the option (exit status 2, with the usage).
/// </summary>
internal static class OptionValues
{
    /// <summary>A whole number of at least <paramref name="min"/>.</summary>
    public static int WholeNumber(ArgumentResult result, int min)
    {
        var text = result.Tokens[^1].Value;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : Refuse(result, $"{NameOf(result)} must be a whole number of at least {min}, not \"{text}\".", 0);
    }

    /// <summary>An absolute https URL (RFC 8572 section 2.1): one per token.</summary>
    public static Uri[] HttpsUrls(ArgumentResult result) =>
        [.. result.Tokens.Select(t => Uri.TryCreate(t.Value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            ? uri
            : Refuse<Uri>(result, $"{NameOf(result)} must be an https URL, not \"{t.Value}\".", null!))];

    /// <summary>
    /// The <c>--profile</c> option of <c>run</c>, <c>storm</c> and <c>pki demo</c>: whose devices to copy
    /// (docs/device-profiles.md), generic by default.
    /// </summary>
    public static Option<string> Profile(string description)
    {
        var option = new Option<string>("--profile") { HelpName = "NAME", Description = description, DefaultValueFactory = _ => "generic" };
        option.AcceptOnlyFromAmong([.. DeviceProfiles.ByName.Keys]);
        return option;
    }

    /// <summary>Octets in hex, with or without colons or spaces; null when refused.</summary>
    public static byte[]? Hex(ArgumentResult result, string text)
    {
        try
        {
            return HexText.Parse(text);
        }
        catch (FormatException e)
        {
            return Refuse<byte[]?>(result, $"{NameOf(result)}: {e.Message}", null);
        }
    }

    /// <summary>Records <paramref name="message"/> as the parse error of the value; returns <paramref name="placeholder"/>, never used.</summary>
    public static T Refuse<T>(ArgumentResult result, string message, T placeholder)
    {
        result.AddError(message);
        return placeholder;
    }

    /// <summary>The name of the option whose value <paramref name="result"/> is, e.g. "--timeout".</summary>
    public static string NameOf(ArgumentResult result) => result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
}
