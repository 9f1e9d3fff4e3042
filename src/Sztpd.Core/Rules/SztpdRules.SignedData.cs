using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Datastore;
using Sztpd.Core.Restconf;
using Sztpd.Pki.Vouchers;

namespace Sztpd.Core.Rules;

public sealed partial class SztpdRules
{
    private static readonly string[] SigningInputs = ["wn-sztpd-1:device-types", "wn-sztpd-1:keystore", "wn-sztpd-1:truststore"];

    /// <summary>
    /// When device types, keystore or truststore change: a device type's <c>signed-data</c> must name a usable owner key
    /// and certificate and a non-empty trust anchor bag, and its <c>csr</c> a keystore certificate marked as a CA.
    /// </summary>
    private static void CheckDeviceTypeKeys(JsonObject config, JsonObject old, List<RestconfError> errors)
    {
        if (SigningInputs.All(n => config[n]?.ToJsonString() == old[n]?.ToJsonString()))
        {
            return;
        }
        var typed = ConfigurationMapper.Map(config);
        foreach (var type in typed.DeviceTypes.Values)
        {
            var path = $"/wn-sztpd-1:device-types/device-type={type.Name}";
            if (type.SignedData is not null && SignedDataSettings.Of(typed, type, out var error) is null)
            {
                errors.Add(RestconfError.OperationFailed(error!, $"{path}/{SignedDataSettings.Member}"));
            }
            if (CsrAuthorityError(typed, type) is { } csrError)
            {
                errors.Add(RestconfError.OperationFailed(csrError, $"{path}/sztpd-ext:csr/certificate-authority"));
            }
        }
    }

    /// <summary>
    /// Each ownership voucher of a device is verified as the device will verify it (RFC 8572 §5.4): signed by a
    /// manufacturer trust anchor of the device type, for this serial number, not expired, pinning a certificate the
    /// owner certificate chains to.
    /// </summary>
    private void CheckOwnershipVouchers(RowList list, JsonObject device, JsonObject config, List<RestconfError> errors)
    {
        if (list.List.Name != "device" || device["sztpd-ext:ownership-vouchers"]?["ownership-voucher"] is not JsonArray { Count: > 0 } vouchers)
        {
            return;
        }
        var serial = (string)device["serial-number"]!;
        var typeName = (string?)device["device-type"];
        var path = $"/wn-sztpd-1:devices/device={serial}/sztpd-ext:ownership-vouchers";
        var typed = ConfigurationMapper.Map(config);
        if (typed.DeviceTypeOf(typeName) is not { } type)
        {
            return; // the leafref check reports the missing device type
        }
        var settings = SignedDataSettings.Of(typed, type, out var error);
        if (settings is null)
        {
            errors.Add(RestconfError.OperationFailed(
                error ?? $"Ownership vouchers cannot be verified: device type \"{typeName}\" has no \"{SignedDataSettings.Member}\" (owner certificate and voucher trust anchors).", path));
            return;
        }
        var now = time.GetUtcNow();
        foreach (var voucher in vouchers.OfType<JsonObject>())
        {
            var name = (string?)voucher["name"];
            var reason = Bytes(voucher["voucher"]) is { } cms
                ? OwnershipVoucherValidator.Validate(cms, settings.VoucherTrustAnchors, serial, settings.OwnerChain, now)
                : "it is not base64.";
            if (reason is not null)
            {
                errors.Add(RestconfError.OperationFailed($"Ownership voucher \"{name}\" is rejected: {reason}", $"{path}/ownership-voucher={name}"));
            }
        }
    }
}
