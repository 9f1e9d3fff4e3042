namespace Sztpd.DeviceSimulator.Artifacts;

/// <summary>
/// The bootstrapping artifacts of one device found on removable storage (RFC 8572 §4.1): the conveyed
/// information, and for signed data the owner certificate and ownership voucher (both or neither).
/// </summary>
public sealed record RemovableStorageArtifacts(byte[] ConveyedInformation, byte[]? OwnerCertificate, byte[]? OwnershipVoucher);
