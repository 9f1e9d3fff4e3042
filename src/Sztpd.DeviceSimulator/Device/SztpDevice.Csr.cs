using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Sztpd.DeviceSimulator.Device;

public sealed partial class SztpDevice
{
    private const string CsrModule = "ietf-sztp-csr";

    /// <summary>The DER AlgorithmIdentifier of ECDSA P-256, the one key algorithm the device offers.</summary>
    private static readonly byte[] P256 = AlgorithmIdentifier("1.2.840.10045.2.1", "1.2.840.10045.3.1.7");

    /// <summary>
    /// RFC 9646: get-bootstrapping-data with csr-support; when the server answers with a csr-request, a PKCS #10 CSR for a
    /// new P-256 key (or the IDevID key when the server asks for no key generation) is sent in a second request.
    /// </summary>
    private async Task<RpcResponse> CsrExchangeAsync(BootstrapRun run, BootstrapServerClient client, string path, JsonObject input, CancellationToken cancellationToken)
    {
        input[$"{CsrModule}:csr-support"] = new JsonObject
        {
            ["key-generation"] = new JsonObject { ["supported-algorithms"] = new JsonObject { ["algorithm-identifier"] = new JsonArray(Convert.ToBase64String(P256)) } },
            ["csr-generation"] = new JsonObject { ["supported-formats"] = new JsonObject { ["format-identifier"] = new JsonArray("ietf-ztp-types:p10-csr") } },
        };
        var response = await client.PostAsync(path, "get-bootstrapping-data", input, run.Rpcs, cancellationToken).ConfigureAwait(false);
        var request = response.Status == 400 ? CsrRequestOf(response) : null;
        if (request is null)
        {
            run.Step("csr", response.Status == 200 ? "The server did not ask for a CSR." : "The server did not answer csr-support with a csr-request.", response.Status == 200, client.Server.Authority);
            return response;
        }

        var format = (string?)request["csr-generation"]?["selected-format"]?["format-identifier"] ?? "";
        if (!format.EndsWith(":p10-csr", StringComparison.Ordinal))
        {
            throw new BootstrapFailure("csr", $"The server selected the CSR format \"{format}\"; the device offered only p10-csr.");
        }

        using var newKey = request["key-generation"] is null ? null : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = CreateCsr(newKey);
        if (newKey is not null)
        {
            Write(run, "ldevid-key.pem", Encoding.ASCII.GetBytes(newKey.ExportPkcs8PrivateKeyPem() + "\n"));
        }

        run.Step("csr", $"The server asked for a CSR; sending a PKCS #10 request for {(newKey is null ? "the IDevID key" : "a new P-256 key")}.", true, client.Server.Authority);
        input.Remove($"{CsrModule}:csr-support");
        input[$"{CsrModule}:p10-csr"] = Convert.ToBase64String(csr);
        return await client.PostAsync(path, "get-bootstrapping-data", input, run.Rpcs, cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject? CsrRequestOf(RpcResponse response) =>
        response.Errors?.FirstOrDefault()?["error-info"] is JsonObject info
            ? (info[$"{CsrModule}:csr-request"] ?? info["csr-request"]) as JsonObject
            : null;

    private byte[] CreateCsr(ECDsa? newKey)
    {
        var subject = options.Credentials.Certificate.SubjectName;
        if (newKey is not null)
        {
            return new CertificateRequest(subject, newKey, HashAlgorithmName.SHA256).CreateSigningRequest();
        }

        using var ec = options.Credentials.Certificate.GetECDsaPrivateKey();
        using var rsa = ec is null ? options.Credentials.Certificate.GetRSAPrivateKey() : null;
        var request = ec is not null ? new CertificateRequest(subject, ec, HashAlgorithmName.SHA256)
            : rsa is not null ? new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : throw new BootstrapFailure("csr", "The IDevID key can sign no CSR.");
        return request.CreateSigningRequest();
    }

    private static byte[] AlgorithmIdentifier(string algorithm, string curve)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(algorithm);
            writer.WriteObjectIdentifier(curve);
        }

        return writer.Encode();
    }
}
