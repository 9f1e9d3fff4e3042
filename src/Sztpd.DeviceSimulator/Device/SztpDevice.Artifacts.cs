using Sztpd.DeviceSimulator.Artifacts;
using Sztpd.Pki.Cms;
using Sztpd.Pki.Vouchers;

namespace Sztpd.DeviceSimulator.Device;

public sealed partial class SztpDevice
{
    /// <summary>
    /// RFC 8572 §5.3 for the artifacts of one source: verifies signed data (§5.4), then follows redirect information or
    /// processes onboarding information, which needs trust-state TRUE.
    /// </summary>
    private async Task<Outcome> ProcessArtifactsAsync(
        BootstrapRun run, byte[] conveyed, byte[]? ownerCertificate, byte[]? voucher, bool trustState,
        ProgressReporter? reporter, string? server, int depth, CancellationToken cancellationToken)
    {
        var verification = SignedDataVerifier.Verify(
            conveyed, ownerCertificate, voucher, options.VoucherTrustAnchors, options.Credentials.SerialNumber, options.Nonce, options.Time.GetUtcNow());
        if (!verification.IsValid)
        {
            run.Step("verify", verification.Failure, false, server);
            throw new BootstrapFailure("verification", verification.Failure);
        }

        if (verification.IsSigned)
        {
            trustState = true;
            var v = verification.OwnershipVoucher!;
            run.Step("verify", $"Signed data verified: voucher for {v.SerialNumber} ({v.Assertion}), pinned-domain-cert {v.PinnedDomainCert.Subject}, signed by the owner certificate.", true, server);
        }
        else if (options.RequiresSignedData)
        {
            const string Refusal = "Unsigned conveyed information is refused: the cisco-ios-xe profile requires an ownership voucher and an owner certificate.";
            run.Step("verify", Refusal, false, server);
            throw new BootstrapFailure("unsigned", Refusal);
        }
        else
        {
            run.Step("verify", $"Unsigned conveyed information from a{(trustState ? " trusted" : "n untrusted")} source.", true, server);
        }

        ConveyedInformation information;
        try
        {
            if (options.ParsesJsonOnly && verification.Encoding == ConveyedInformationEncoding.Xml)
            {
                throw new BootstrapFailure("parsing", "Conveyed information encoded as XML (1.42) is refused: the cisco-ios-xe profile parses JSON (1.43) only.");
            }

            information = ConveyedInformationReader.Read(verification.Payload!, verification.Encoding!.Value);
        }
        catch (BootstrapFailure failure)
        {
            run.Step("parse", failure.Message, false, server);
            await (reporter?.TryErrorAsync("parsing-error", failure.Message) ?? Task.CompletedTask).ConfigureAwait(false);
            throw;
        }

        switch (information)
        {
            case RedirectInformation redirect:
                if (depth >= options.MaxRedirects)
                {
                    throw new BootstrapFailure("redirect-limit", $"More than {options.MaxRedirects} redirects in a row (RFC 8572 §5.3).");
                }

                run.Redirects++;
                run.Step("redirect", $"{(trustState ? "Trusted" : "Untrusted")} redirect to {string.Join(", ", redirect.BootstrapServers.Select(s => s.Uri.Authority))}", true, server);
                return await ProcessServerListAsync(
                    run, [.. redirect.BootstrapServers.Select(s => (s.Uri, s.TrustAnchor))], trustState, depth + 1, cancellationToken).ConfigureAwait(false);
            case OnboardingInformation when !trustState:
                run.Step("trust", "Refusing unsigned onboarding information from an untrusted source (RFC 8572 §5.3).", false, server);
                throw new BootstrapFailure("untrusted-onboarding", "Unsigned onboarding information from an untrusted source is refused (RFC 8572 §5.3).");
            case OnboardingInformation onboarding:
                run.Trusted = true;
                run.Signed = verification.IsSigned;
                run.OnboardingServer = server;
                return await OnboardAsync(run, onboarding, reporter, cancellationToken).ConfigureAwait(false);
            default:
                throw new BootstrapFailure("parsing", "Unknown conveyed information.");
        }
    }

    /// <summary>A removable storage device (RFC 8572 §4.1): an untrusted source, so its data must be signed or be redirect information.</summary>
    private Task<Outcome> ProcessRemovableStorageAsync(BootstrapRun run, string root, CancellationToken cancellationToken)
    {
        var serial = options.Credentials.SerialNumber;
        RemovableStorageArtifacts? artifacts;
        try
        {
            artifacts = RemovableStorage.Read(root, serial);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new BootstrapFailure("removable-storage", $"The removable storage at {root} cannot be used: {e.Message}");
        }

        if (artifacts is null)
        {
            throw new BootstrapFailure("no-source", $"The removable storage at {root} holds no bootstrapping data for {serial}.");
        }

        run.Step("source", $"Removable storage {RemovableStorage.DeviceFolder(root, serial)}");
        return ProcessArtifactsAsync(run, artifacts.ConveyedInformation, artifacts.OwnerCertificate, artifacts.OwnershipVoucher,
            false, null, null, 0, cancellationToken);
    }
}
