namespace Sztpd.DeviceSimulator.Artifacts;

/// <summary>
/// Bootstrapping artifacts as files on a removable storage device (RFC 8572 §4.1).
/// </summary>
/// <remarks>
/// RFC 8572 leaves the file naming to implementations, recommending that it allow more than one device's data on
/// one medium and be unique to the manufacturer. Our convention (this simulator's; a real device's manufacturer
/// defines its own):
/// <code>
/// &lt;root&gt;/sztp/&lt;serial-number&gt;/conveyed-information.cms
/// &lt;root&gt;/sztp/&lt;serial-number&gt;/owner-certificate.cms     (signed data only)
/// &lt;root&gt;/sztp/&lt;serial-number&gt;/ownership-voucher.cms     (signed data only)
/// </code>
/// The files hold the binary (DER CMS) artifacts of RFC 8572 §3.1-§3.3. The serial number must be one path
/// segment that FAT/exFAT media can hold: no '/', '\', ':', '*', '?', '"', '&lt;', '&gt;', '|', no control
/// characters, not "." or "..".
/// </remarks>
public static class RemovableStorage
{
    /// <summary>The folder under the medium's root holding one folder per serial number.</summary>
    public const string Folder = "sztp";

    /// <summary>File name of the conveyed information artifact (§3.1).</summary>
    public const string ConveyedInformationFile = "conveyed-information.cms";

    /// <summary>File name of the owner certificate artifact (§3.2).</summary>
    public const string OwnerCertificateFile = "owner-certificate.cms";

    /// <summary>File name of the ownership voucher artifact (§3.3).</summary>
    public const string OwnershipVoucherFile = "ownership-voucher.cms";

    /// <summary>The folder holding <paramref name="serialNumber"/>'s bundle under <paramref name="root"/>.</summary>
    /// <exception cref="ArgumentException">The serial number is not a safe path segment.</exception>
    public static string DeviceFolder(string root, string serialNumber)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(serialNumber);
        if (serialNumber.Trim().Length == 0 || serialNumber is "." or ".."
            || serialNumber.Any(c => char.IsControl(c) || c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|'))
        {
            throw new ArgumentException(
                $"\"{serialNumber}\" cannot name a folder on removable storage (empty, \".\", \"..\", or holds / \\ : * ? \" < > | or control characters).",
                nameof(serialNumber));
        }

        return Path.Combine(root, Folder, serialNumber);
    }

    /// <summary>
    /// Writes <paramref name="serialNumber"/>'s bundle, replacing any earlier one (a stale owner certificate or
    /// voucher is removed when unsigned data is written). Returns the paths written.
    /// </summary>
    /// <exception cref="ArgumentException">An unsafe serial number, or only one of the owner certificate and voucher.</exception>
    public static IReadOnlyList<string> Write(
        string root, string serialNumber, byte[] conveyedInformation, byte[]? ownerCertificate, byte[]? ownershipVoucher)
    {
        ArgumentNullException.ThrowIfNull(conveyedInformation);
        if (ownerCertificate is null != ownershipVoucher is null)
        {
            throw new ArgumentException("The owner certificate and the ownership voucher go together (signed data) or not at all.");
        }

        var folder = DeviceFolder(root, serialNumber);
        Directory.CreateDirectory(folder);
        var written = new List<string> { WriteFile(folder, ConveyedInformationFile, conveyedInformation) };
        if (ownerCertificate is not null && ownershipVoucher is not null)
        {
            written.Add(WriteFile(folder, OwnerCertificateFile, ownerCertificate));
            written.Add(WriteFile(folder, OwnershipVoucherFile, ownershipVoucher));
        }
        else
        {
            File.Delete(Path.Combine(folder, OwnerCertificateFile));
            File.Delete(Path.Combine(folder, OwnershipVoucherFile));
        }

        return written;
    }

    /// <summary>
    /// Reads <paramref name="serialNumber"/>'s bundle from the medium mounted at <paramref name="root"/>, or null
    /// when the medium holds no conveyed information for that device.
    /// </summary>
    /// <exception cref="ArgumentException">The serial number is not a safe path segment.</exception>
    /// <exception cref="InvalidDataException">An incomplete bundle: an owner certificate or voucher without
    /// conveyed information, or one of the owner certificate and voucher without the other.</exception>
    public static RemovableStorageArtifacts? Read(string root, string serialNumber)
    {
        var folder = DeviceFolder(root, serialNumber);
        var conveyedInformation = ReadFile(folder, ConveyedInformationFile);
        var ownerCertificate = ReadFile(folder, OwnerCertificateFile);
        var ownershipVoucher = ReadFile(folder, OwnershipVoucherFile);
        if (conveyedInformation is null)
        {
            return ownerCertificate is null && ownershipVoucher is null
                ? null
                : throw new InvalidDataException($"{folder} holds an owner certificate or voucher but no {ConveyedInformationFile}.");
        }

        if (ownerCertificate is null != ownershipVoucher is null)
        {
            var (held, missing) = ownerCertificate is null ? (OwnershipVoucherFile, OwnerCertificateFile) : (OwnerCertificateFile, OwnershipVoucherFile);
            throw new InvalidDataException($"{folder} holds {held} without {missing}: signed data needs both.");
        }

        return new RemovableStorageArtifacts(conveyedInformation, ownerCertificate, ownershipVoucher);
    }

    private static string WriteFile(string folder, string name, byte[] content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static byte[]? ReadFile(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }
}
