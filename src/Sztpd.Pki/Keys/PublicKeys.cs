using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Pki.Keys;

/// <summary>Compares public keys by value, whatever their encoding (compressed points, NULL parameters).</summary>
internal static class PublicKeys
{
    public static bool Equal(ECDsa a, ECDsa b)
    {
        var pa = a.ExportParameters(false);
        var pb = b.ExportParameters(false);
        return SameCurve(pa.Curve, pb.Curve)
            && pa.Q.X.AsSpan().SequenceEqual(pb.Q.X)
            && pa.Q.Y.AsSpan().SequenceEqual(pb.Q.Y);
    }

    public static bool Equal(RSA a, RSA b)
    {
        var pa = a.ExportParameters(false);
        var pb = b.ExportParameters(false);
        return pa.Modulus.AsSpan().SequenceEqual(pb.Modulus) && pa.Exponent.AsSpan().SequenceEqual(pb.Exponent);
    }

    /// <summary>True when the certificate's key equals the key in <paramref name="spki"/>.</summary>
    public static bool CertificateMatches(X509Certificate2 certificate, byte[] spki)
    {
        using var given = PublicKeyReader.Read(spki, out _, out _);
        if (given is ECDsa ec && certificate.GetECDsaPublicKey() is { } certEc)
        {
            using (certEc)
            {
                return Equal(ec, certEc);
            }
        }

        if (given is RSA rsa && certificate.GetRSAPublicKey() is { } certRsa)
        {
            using (certRsa)
            {
                return Equal(rsa, certRsa);
            }
        }

        return certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(spki);
    }

    private static bool SameCurve(ECCurve a, ECCurve b) =>
        a.IsNamed && b.IsNamed
            ? a.Oid.Value == b.Oid.Value || (a.Oid.Value is null && a.Oid.FriendlyName == b.Oid.FriendlyName)
            : a.Prime.AsSpan().SequenceEqual(b.Prime) && a.A.AsSpan().SequenceEqual(b.A) && a.B.AsSpan().SequenceEqual(b.B);
}
