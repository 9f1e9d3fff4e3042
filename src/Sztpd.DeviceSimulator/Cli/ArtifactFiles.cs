using System.CommandLine;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary>The files the artifact commands (<c>dns</c>, <c>storage</c>) read, named by their options.</summary>
internal static class ArtifactFiles
{
    /// <summary>The bytes of the file named by <paramref name="option"/>, or null when the option is absent.</summary>
    /// <exception cref="IOException">The file cannot be read; the message names the option.</exception>
    public static async Task<byte[]?> ReadAsync(ParseResult parseResult, Option<string> option, CancellationToken cancellationToken)
    {
        var path = parseResult.GetValue(option);
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
            throw new IOException($"{option.Name} {path}: no such file.", e);
        }
    }
}
