namespace Sztpd.DeviceSimulator.Cli;

/// <summary>The files the artifact commands (<c>dns</c>, <c>storage</c>) read, named by their options.</summary>
internal static class ArtifactFiles
{
    /// <summary>The bytes of the file named by <paramref name="option"/>, or null when the option is absent.</summary>
    public static async Task<byte[]?> ReadOptionalAsync(CommandLine commandLine, string option, CancellationToken cancellationToken)
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

    /// <summary>The bytes of the file named by the mandatory <paramref name="option"/>.</summary>
    public static async Task<byte[]> ReadRequiredAsync(CommandLine commandLine, string option, CancellationToken cancellationToken)
    {
        _ = commandLine.Require(option);
        return (await ReadOptionalAsync(commandLine, option, cancellationToken).ConfigureAwait(false))!;
    }
}
