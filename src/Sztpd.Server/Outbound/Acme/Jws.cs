using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Sztpd.Server.Outbound.Acme;

/// <summary>
/// The JSON Web Signatures of ACME (RFC 8555 §6.2, RFC 7515 flattened JSON serialization) made with an account key:
/// ES256 or ES384 for a P-256 or P-384 key, RS256 for RSA; and the key's JWK (RFC 7517) and thumbprint (RFC 7638).
/// </summary>
internal static class Jws
{
    public static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The public JWK of <paramref name="key"/>, its members in the lexicographic order RFC 7638 hashes.</summary>
    public static JsonObject Jwk(AsymmetricAlgorithm key) => key switch
    {
        ECDsa ec when ec.ExportParameters(false) is var p => new JsonObject
        {
            ["crv"] = ec.KeySize switch { 256 => "P-256", 384 => "P-384", var other => throw new NotSupportedException($"An ACME account key on a {other}-bit curve.") },
            ["kty"] = "EC",
            ["x"] = Base64Url(p.Q.X),
            ["y"] = Base64Url(p.Q.Y),
        },
        RSA rsa when rsa.ExportParameters(false) is var p => new JsonObject { ["e"] = Base64Url(p.Exponent), ["kty"] = "RSA", ["n"] = Base64Url(p.Modulus) },
        _ => throw new NotSupportedException("An ACME account key is EC (P-256, P-384) or RSA."),
    };

    /// <summary>The JWK thumbprint (RFC 7638, SHA-256), base64url.</summary>
    public static string Thumbprint(AsymmetricAlgorithm key) => Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(Jwk(key).ToJsonString())));

    /// <summary>A flattened JWS of <paramref name="payload"/> (null: POST-as-GET's empty payload) under <paramref name="header"/> (alg added).</summary>
    public static JsonObject Sign(AsymmetricAlgorithm key, JsonObject header, JsonNode? payload)
    {
        header["alg"] = key switch
        {
            ECDsa ec => ec.KeySize == 384 ? "ES384" : "ES256",
            RSA => "RS256",
            _ => throw new NotSupportedException("An ACME account key is EC (P-256, P-384) or RSA."),
        };
        var protectedPart = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()));
        var payloadPart = payload is null ? "" : Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var input = Encoding.ASCII.GetBytes($"{protectedPart}.{payloadPart}");
        var signature = key switch
        {
            // JWS wants the fixed-size r||s form (IEEE P1363), which is .NET's default.
            ECDsa ec => ec.SignData(input, ec.KeySize == 384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256),
            RSA rsa => rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new NotSupportedException(),
        };
        return new JsonObject { ["protected"] = protectedPart, ["payload"] = payloadPart, ["signature"] = Base64Url(signature) };
    }
}
