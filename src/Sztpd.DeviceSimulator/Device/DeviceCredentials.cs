using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Sztpd.Pki.Certificates;

namespace Sztpd.DeviceSimulator.Device;

/// <summary>
/// The device's identity (RFC 8572 §5.1): its IDevID certificate with private key, the intermediate certificates sent
/// with it (§5.3), its serial number, and optionally a password for HTTP Basic authentication.
/// </summary>
public sealed partial class DeviceCredentials : IDisposable
{
    private DeviceCredentials(X509Certificate2 certificate, X509Certificate2Collection intermediates, string serialNumber, string? password)
    {
        Certificate = certificate;
        Intermediates = intermediates;
        SerialNumber = serialNumber;
        Password = password;
    }

    /// <summary>The IDevID certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificates between the IDevID and its trust anchor, sent during the TLS handshake.</summary>
    public X509Certificate2Collection Intermediates { get; }

    public string SerialNumber { get; }

    private SslStreamCertificateContext? _tlsContext;

    /// <summary>The IDevID and intermediates as a TLS client presents them, made once (it is the same for every connection).</summary>
    public SslStreamCertificateContext TlsContext =>
        LazyInitializer.EnsureInitialized(ref _tlsContext, () => SslStreamCertificateContext.Create(Certificate, Intermediates, offline: true));

    /// <summary>The password sent with HTTP Basic authentication as "serial:password"; null sends none.</summary>
    public string? Password { get; }

    /// <summary>
    /// Reads a PEM certificate file (the IDevID first, then any intermediates) and a PEM private key file. The serial
    /// number is <paramref name="serialNumber"/>, else <see cref="DeviceSerialNumber.Of"/> (what sztpd reads by default;
    /// the <c>SN:</c> of a Cisco SUDI's).
    /// </summary>
    /// <exception cref="InvalidDataException">The files do not hold a certificate and its key.</exception>
    public static DeviceCredentials FromPem(string certificateFile, string keyFile, string? password = null, string? serialNumber = null)
    {
        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPemFile(certificateFile);
        }
        catch (CryptographicException e)
        {
            throw new InvalidDataException($"{certificateFile} holds no PEM certificate: {e.Message}", e);
        }

        if (chain.Count == 0)
        {
            throw new InvalidDataException($"{certificateFile} holds no PEM certificate.");
        }

        X509Certificate2 withKey;
        try
        {
            withKey = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        }
        catch (CryptographicException e)
        {
            throw new InvalidDataException($"{keyFile} holds no private key for the certificate in {certificateFile}: {e.Message}", e);
        }

        return DisposeUnused(Create(withKey, chain, password, serialNumber), chain);
    }

    /// <summary>Reads a PKCS #12 file holding the IDevID, its key and any intermediates.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read with <paramref name="pkcs12Password"/>.</exception>
    public static DeviceCredentials FromPkcs12(string file, string? pkcs12Password, string? password = null, string? serialNumber = null)
    {
        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12CollectionFromFile(file, pkcs12Password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            throw new InvalidDataException($"{file} is not a PKCS #12 file readable with the given password: {e.Message}", e);
        }

        var leaf = all.FirstOrDefault(c => c.HasPrivateKey) ?? throw new InvalidDataException($"{file} holds no private key.");
        return DisposeUnused(Create(leaf, all, password, serialNumber), all);
    }

    /// <summary>Credentials from an in-memory certificate (with key) and its intermediates; disposing them disposes those certificates.</summary>
    public static DeviceCredentials FromCertificate(X509Certificate2 certificate, X509Certificate2Collection? intermediates = null, string? password = null, string? serialNumber = null) =>
        Create(certificate, intermediates ?? [], password, serialNumber);

    private static DeviceCredentials Create(X509Certificate2 leaf, X509Certificate2Collection all, string? password, string? serialNumber)
    {
        var intermediates = new X509Certificate2Collection();
        foreach (var c in all)
        {
            if (c.Thumbprint != leaf.Thumbprint && !c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData))
            {
                intermediates.Add(c);
            }
        }

        var serial = serialNumber ?? OwnSerialNumber(DeviceSerialNumber.Of(leaf))
            ?? throw new InvalidDataException($"The certificate \"{leaf.Subject}\" names no serial number; give one with --serial-number.");
        return new DeviceCredentials(leaf, intermediates, serial, password);
    }

    /// <summary>
    /// The serial number a device knows itself by: a Cisco SUDI's serialNumber <c>PID:C9300-24T SN:FCW2126G05V</c> names
    /// the switch FCW2126G05V (what its vouchers carry); any other is taken whole.
    /// </summary>
    private static string? OwnSerialNumber(string? subjectSerialNumber) =>
        subjectSerialNumber is not null && CiscoSudiSerialNumber().Match(subjectSerialNumber) is { Success: true } cisco ? cisco.Groups["sn"].Value : subjectSerialNumber;

    [GeneratedRegex(@"^PID:\S+ SN:(?<sn>\S+)$", RegexOptions.CultureInvariant)]
    private static partial Regex CiscoSudiSerialNumber();

    /// <summary>Disposes the certificates read from a file that <paramref name="credentials"/> did not keep.</summary>
    private static DeviceCredentials DisposeUnused(DeviceCredentials credentials, X509Certificate2Collection read)
    {
        foreach (var c in read)
        {
            if (!ReferenceEquals(c, credentials.Certificate) && !credentials.Intermediates.Cast<X509Certificate2>().Any(i => ReferenceEquals(i, c)))
            {
                c.Dispose();
            }
        }

        return credentials;
    }

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var c in Intermediates)
        {
            c.Dispose();
        }
    }
}
