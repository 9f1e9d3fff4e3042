using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Restconf;
using Sztpd.Pki.Cms;
using Sztpd.Pki.Vouchers;

namespace Sztpd.Core.Bootstrapping;

/// <summary>
/// The RPC output around conveyed information (RFC 8572 §3.5, §7.3): unsigned, or, when the device type's
/// <c>sztpd-ext:signed-data</c> says so, signed by the owner and sent with the owner certificate and an ownership
/// voucher the device will accept (valid now, with the device's nonce when it sent one, without one otherwise).
/// </summary>
public static class ConveyedInformationSigner
{
    /// <summary>
    /// The output's members (<c>reporting-level</c> first when given), the log's <c>sztpd-signed-data</c> (null when
    /// unsigned), or the error.
    /// </summary>
    public static (JsonObject? Output, JsonObject? Log, RestconfError? Error) Encode(
        byte[] payload, bool xml, DeviceIdentity device, RunningConfiguration config, JsonObject? input, DateTimeOffset now, string? reportingLevel)
    {
        ArgumentNullException.ThrowIfNull(device);
        var output = reportingLevel is null ? [] : new JsonObject { ["reporting-level"] = reportingLevel };
        var settings = SignedDataSettings.Of(config, device.DeviceType, out var settingsError);
        if (settingsError is not null)
        {
            return (null, null, new RestconfError(500, "application", "operation-failed", settingsError));
        }
        if (settings is null || !(settings.Always || input?["signed-data-preferred"] is not null))
        {
            output["conveyed-information"] = Convert.ToBase64String(ConveyedInformationCms.Encode(payload, xml));
            return (output, null, null);
        }
        var nonce = Nonce(input);
        var (name, voucher, reason) = SelectVoucher(settings, device, nonce, now);
        if (voucher is null)
        {
            return (null, null, new RestconfError(409, "application", "data-missing", reason));
        }
        var signed = SignedResponses.Of(settings).Signed(payload, xml, () =>
        {
            lock (settings.Owner.Key)
            {
                return ConveyedInformationCms.Sign(payload, xml, settings.Owner.EndEntity, settings.Owner.Key, settings.Embedded);
            }
        });
        output["conveyed-information"] = Convert.ToBase64String(signed);
        output["owner-certificate"] = Convert.ToBase64String(settings.OwnerCertificateArtifact);
        output["ownership-voucher"] = Convert.ToBase64String(voucher);
        return (output, new JsonObject { ["ownership-voucher"] = name }, null);
    }

    /// <summary>The first of the device's vouchers that it will accept, or why there is none.</summary>
    private static (string? Name, byte[]? Voucher, string Reason) SelectVoucher(SignedDataSettings settings, DeviceIdentity device, byte[]? nonce, DateTimeOffset now)
    {
        var vouchers = device.Device.OwnershipVouchers;
        if (vouchers.Count == 0)
        {
            return (null, null, "Signed data is required, but the device has no ownership voucher.");
        }
        string? firstReason = null;
        var known = SignedResponses.Of(settings);
        foreach (var entry in vouchers)
        {
            var cms = entry.Decode();
            string? error = null;
            OwnershipVoucher? Validated() =>
                OwnershipVoucherValidator.TryValidate(cms, settings.VoucherTrustAnchors, device.SerialNumber, settings.OwnerChain, now, nonce, out var v, out error) ? v : null;
            // Without a nonce the verdict is the same for every request while its dates hold: validated once.
            var valid = nonce is null
                ? known.VoucherValid(cms, device.SerialNumber, now, () => Validated() is { Nonce: null } v
                    ? OwnershipVoucherValidator.SameVerdict(cms, v, settings.VoucherTrustAnchors, settings.OwnerChain) : null)
                : Validated() is not null;
            if (valid)
            {
                return (entry.Name, cms, "");
            }
            firstReason ??= error is null ? null : $"ownership voucher \"{entry.Name}\": {error}";
        }
        return (null, null, nonce is not null
            ? "Signed data is required, but no ownership voucher of the device carries the nonce it sent."
            : "Signed data is required, but no ownership voucher of the device is valid" + (firstReason is null ? " without a nonce." : $" ({firstReason})"));
    }

    /// <summary>
    /// The device's nonce; an empty one (as some agents send) is no nonce, and so is one that is not a string (a tolerated
    /// member comes as sent, whatever its JSON type: <see cref="RpcInput"/>).
    /// </summary>
    private static byte[]? Nonce(JsonObject? input)
    {
        if (input?["nonce"] is not JsonValue value || !value.TryGetValue<string>(out var text) || text.Length == 0)
        {
            return null;
        }
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return System.Text.Encoding.UTF8.GetBytes(text);
        }
    }
}
