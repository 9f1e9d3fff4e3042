using Sztpd.Core.Storage;
using Sztpd.Pki.Keys;
using Sztpd.Storage;

namespace Sztpd.Server.Cli;

/// <summary>
/// The key-encryption key file (docs/security.md, "Keys at rest"): <c>SZTPD_KEY_FILE</c>, else <c>&lt;database&gt;.key</c>
/// beside an SQLite file, else <c>sztpd.key</c> in the working directory; an in-memory database gets a key that lives as
/// long as it. A default file is created (0600) when missing, unless the database holds keys sealed under it.
/// </summary>
internal static class KeyFile
{
    public const string Variable = "SZTPD_KEY_FILE";
    public const string DefaultName = "sztpd.key";

    /// <summary>Where the key file is; null for an in-memory database without <c>SZTPD_KEY_FILE</c>.</summary>
    public static string? PathFor(string? variable, DatabaseUrl url) =>
        variable is { Length: > 0 } ? Path.GetFullPath(variable)
        : url.IsInMemory ? null
        : url.FilePath is { } database ? database + ".key"
        : Path.GetFullPath(DefaultName);

    /// <summary>
    /// <paramref name="store"/> with its keystore's private keys sealed at rest under the key file's current key (those
    /// stored in cleartext or under an older key are sealed anew first); throws <see cref="UserError"/> when the key
    /// file is missing, unreadable or invalid, or does not open the stored keys.
    /// </summary>
    public static async Task<IDataStore> OpenAsync(IDataStore store, DatabaseUrl url, string? variable, ILogger log, CancellationToken ct)
    {
        var path = PathFor(variable, url);
        var named = variable is { Length: > 0 } ? $"{Variable} names \"{path}\"" : $"the key file is \"{path}\" ({Variable} is not set)";
        KeyRing ring;
        if (path is null)
        {
            ring = KeyRing.Generate();
        }
        else if (File.Exists(path))
        {
            ring = Read(path, named, log);
        }
        else if (variable is { Length: > 0 })
        {
            throw new UserError($"{named}, which does not exist; create it with `openssl rand -base64 32 > {path}` (see docs/security.md).");
        }
        else if (await KeySealingDataStore.HoldsSealedKeysAsync(store, ct).ConfigureAwait(false))
        {
            throw new UserError($"The database holds encrypted private keys but {named}, which does not exist; restore that file or set {Variable} to the file holding their key (see docs/security.md).");
        }
        else
        {
            ring = Create(path, named, log);
        }
        try
        {
            var (sealing, resealed) = await KeySealingDataStore.OpenAsync(store, ring, ct).ConfigureAwait(false);
            if (resealed > 0)
            {
                Log.KeysSealed(log, resealed, ring.CurrentId, path ?? "(in memory)");
            }
            return sealing;
        }
        catch (SealedKeyException e)
        {
            throw new UserError($"{e.Message}; {named}, and the database cannot be used without the key that encrypted it (see docs/security.md).");
        }
    }

    private static KeyRing Read(string path, string named, ILogger log)
    {
        try
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
            {
                Log.KeyFileReadable(log, path);
            }
            return KeyRing.Parse(File.ReadAllText(path));
        }
        catch (FormatException e)
        {
            throw new UserError($"The key file is not valid ({named}): {e.Message}.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"The key file cannot be read ({named}): {e.Message.TrimEnd('.')}.");
        }
    }

    private static KeyRing Create(string path, string named, ILogger log)
    {
        var text = KeyRing.NewKeyFileText();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using var file = new FileStream(path, options);
            using var writer = new StreamWriter(file);
            writer.Write(text);
        }
        catch (IOException) when (File.Exists(path))
        {
            return Read(path, named, log);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"The key file cannot be created ({named}): {e.Message.TrimEnd('.')}; set {Variable} to a file holding a key (see docs/security.md).");
        }
        Log.KeyFileCreated(log, path);
        return KeyRing.Parse(text);
    }
}
