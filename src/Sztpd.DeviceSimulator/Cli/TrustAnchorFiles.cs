using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.DeviceSimulator.Cli;

/// <summary>Trust anchors (RFC 8572 §5.1) read from PEM files named on the command line (<c>run</c>) or found in a demo PKI (<c>storm</c>).</summary>
internal static class TrustAnchorFiles
{
    /// <summary>Every certificate of the PEM <paramref name="files"/>.</summary>
    /// <exception cref="ArgumentException">A file cannot be read or holds no certificate: the command line is wrong.</exception>
    public static X509Certificate2Collection Read(IEnumerable<string> files)
    {
        var all = new X509Certificate2Collection();
        foreach (var file in files)
        {
            var before = all.Count;
            try
            {
                all.ImportFromPemFile(file);
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new ArgumentException($"{file}: {e.Message}", e);
            }

            if (all.Count == before)
            {
                throw new ArgumentException($"{file} holds no PEM certificate.");
            }
        }

        return all;
    }
}
