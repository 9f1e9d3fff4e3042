using System.Net.Security;
using System.Security.Cryptography;

namespace Sztpd.DeviceSimulator.Device;

public sealed partial class SztpDevice
{
    /// <summary>
    /// The boot image step of RFC 8572 §5.6: nothing when the device already runs it; otherwise download from the given
    /// URIs in order, verify one of the hashes, install, and reboot (true). Errors are reported as boot-image-error.
    /// </summary>
    private async Task<bool> BootImageAsync(BootstrapRun run, BootImage image, ProgressReporter? reporter, CancellationToken cancellationToken)
    {
        var name = image.OsName is null ? "the boot image" : $"{image.OsName} {image.OsVersion}".TrimEnd();
        if ((image.OsName == run.OsName && image.OsVersion == run.OsVersion)
            || image.Verifications.Any(v => run.InstalledImageHashes.Contains(Convert.ToHexString(v.HashValue))))
        {
            run.Step("boot-image", $"Already running {name}.");
            return false;
        }

        if (options.SkipsUnnamedBootImages && (image.OsName is null || image.OsVersion is null))
        {
            run.Step("boot-image", $"{name} has no os-name or os-version: the image update is skipped (as IOS XE does).", false);
            return false;
        }

        if (!options.Download)
        {
            run.Step("boot-image", $"{name}: not downloaded (--no-download); the device behaves as if it ran it.");
            return false;
        }

        try
        {
            await (reporter?.SendAsync("boot-image-initiated") ?? Task.CompletedTask).ConfigureAwait(false);
            var verifications = image.Verifications.Where(v => options.ImageHashAlgorithms.Contains(v.HashAlgorithm)).ToList();
            if (verifications.Count == 0)
            {
                throw new BootstrapFailure("boot-image", $"{name} has no {string.Join(" or ", options.ImageHashAlgorithms)} image-verification, so the device cannot verify it.");
            }

            foreach (var uri in image.DownloadUris)
            {
                var bytes = await TryDownloadAsync(run, uri, cancellationToken).ConfigureAwait(false);
                var match = bytes is null ? null : verifications.FirstOrDefault(v => Hash(v.HashAlgorithm, bytes).AsSpan().SequenceEqual(v.HashValue));
                if (bytes is null || match is null)
                {
                    if (bytes is not null)
                    {
                        run.Step("boot-image", $"{uri}: {bytes.Length} bytes whose hash matches no image-verification.", false);
                    }

                    continue;
                }

                var file = Write(run, Path.Combine("boot-image", SafeFileName(uri)), bytes);
                run.Step("boot-image", $"{name}: {bytes.Length} bytes from {uri}, {match.HashAlgorithm} verified, installed{(file is null ? "" : $" as {file}")}; rebooting.");
                run.InstalledImageHashes.Add(Convert.ToHexString(match.HashValue));
                (run.OsName, run.OsVersion) = (image.OsName ?? run.OsName, image.OsVersion ?? run.OsVersion);
                await (reporter?.SendAsync("boot-image-installed-rebooting") ?? Task.CompletedTask).ConfigureAwait(false);
                return true;
            }

            throw new BootstrapFailure("boot-image", $"No download-uri of {name} gave an image with a matching hash.");
        }
        catch (BootstrapFailure failure) when (failure.Kind != "progress")
        {
            await (reporter?.TryErrorAsync("boot-image-error", failure.Message) ?? Task.CompletedTask).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The image at <paramref name="uri"/> (https, http or file), or null with the reason as a step.</summary>
    private async Task<byte[]?> TryDownloadAsync(BootstrapRun run, string uri, CancellationToken cancellationToken)
    {
        try
        {
            var parsed = new Uri(uri);
            if (parsed.IsFile)
            {
                return await File.ReadAllBytesAsync(parsed.LocalPath, cancellationToken).ConfigureAwait(false);
            }

            if (parsed.Scheme is not ("https" or "http"))
            {
                run.Step("boot-image", $"{uri}: the scheme {parsed.Scheme} is not supported.", false);
                return null;
            }

            // The image's hash authenticates it, so the download server's certificate is not checked (as real agents do).
            using var handler = new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    ClientCertificateContext = options.Credentials.TlsContext,
#pragma warning disable CA5359 // The image is authenticated by its hash (RFC 8572 §5.6), not by the download server.
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
#pragma warning restore CA5359
                },
            };
            using var http = new HttpClient(handler) { Timeout = options.RequestTimeout };
            return await http.GetByteArrayAsync(parsed, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is UriFormatException or IOException or UnauthorizedAccessException or HttpRequestException or TaskCanceledException)
        {
            run.Step("boot-image", $"{uri}: {e.Message}", false);
            return null;
        }
    }

    private static byte[] Hash(string algorithm, byte[] data) => algorithm == "sha-512" ? SHA512.HashData(data) : SHA256.HashData(data);

    private static string SafeFileName(string uri)
    {
        var name = Path.GetFileName(new Uri(uri).LocalPath);
        return string.IsNullOrEmpty(name) || name is "." or ".." ? "boot-image.img" : name;
    }
}
