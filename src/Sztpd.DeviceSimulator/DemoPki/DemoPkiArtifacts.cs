using System.Security.Cryptography.X509Certificates;

namespace Sztpd.DeviceSimulator.DemoPki;

/// <summary>The demo's certificate authorities and the certificates they issued (each with its private key).</summary>
public sealed class DemoPkiArtifacts : IDisposable
{
    public required X509Certificate2 ManufacturerCa { get; init; }

    /// <summary>The CA under <see cref="ManufacturerCa"/> that issues the IDevIDs (cisco-ios-xe), else null: the root issues them.</summary>
    public X509Certificate2? ManufacturerIssuingCa { get; init; }

    public required X509Certificate2 ServerCa { get; init; }
    public required X509Certificate2 Server { get; init; }
    public required X509Certificate2 VoucherSignerCa { get; init; }
    public required X509Certificate2 VoucherSigner { get; init; }

    /// <summary>The owner's CA: the vouchers' pinned-domain-cert.</summary>
    public required X509Certificate2 OwnerCa { get; init; }

    /// <summary>The owner certificate whose key signs conveyed information.</summary>
    public required X509Certificate2 Owner { get; init; }

    public void Dispose()
    {
        foreach (var c in new[] { ManufacturerCa, ManufacturerIssuingCa, ServerCa, Server, VoucherSignerCa, VoucherSigner, OwnerCa, Owner })
        {
            c?.Dispose();
        }
    }
}
