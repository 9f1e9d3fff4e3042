namespace Sztpd.Core.Limits;

/// <summary>
/// What one request may cost, checked before the costly work (hashing, parsing, logging). The defaults, and the
/// environment variables that change them, are listed in docs/configuration.md; docs/security.md says why.
/// </summary>
public sealed record InputLimits
{
    /// <summary>The longest password or activation code (clear text) accepted anywhere: a <c>$0$</c> value in an edit, an admin's or a device's Basic password. Longer is refused before it is hashed.</summary>
    public int MaxSecretLength { get; init; } = 256;

    /// <summary>How many <c>$0$</c> values one edit may carry (each costs a SHA-256-crypt hash, done before the write lock is taken).</summary>
    public int MaxHashesPerEdit { get; init; } = 1000;

    /// <summary>The most <c>rounds=</c> a submitted <c>$5$</c> hash may ask for: verifying it costs that many rounds on every login or device request.</summary>
    public int MaxHashRounds { get; init; } = 100_000;

    /// <summary>The longest list key value (a serial number, an e-mail address, a name) accepted in an edit, in characters.</summary>
    public int MaxKeyLength { get; init; } = Data.InstanceValidator.DefaultMaxKeyLength;

    /// <summary>The most bytes of request headers (all of them together) accepted; the request line is at most 8 KB (Kestrel's default).</summary>
    public int MaxHeadersSize { get; init; } = 32 * 1024;

    /// <summary>The deepest JSON or XML nesting accepted in a request body.</summary>
    public int MaxNestingDepth { get; init; } = 64;

    /// <summary>The most elements an XML request body (a device's RPC input) may hold.</summary>
    public int MaxXmlElements { get; init; } = 10_000;

    /// <summary>The largest request body on a device (<c>rfc8572-interface</c>) endpoint, in bytes.</summary>
    public int MaxDeviceBodySize { get; init; } = 256 * 1024;

    /// <summary>The most characters a log entry (audit or bootstrapping) keeps of any one text taken from a request (a path, a header, a message that quotes input); the rest is cut and marked.</summary>
    public int MaxLoggedText { get; init; } = 1024;

    /// <summary>The most characters a bootstrapping-log entry keeps of a device's RPC input (its JSON, or the text of one that could not be parsed); the rest is cut and marked.</summary>
    public int MaxLoggedInput { get; init; } = 16 * 1024;

    /// <summary>The most log entries one answer holds (a longer read is refused with 413 and paged with <c>limit</c>/<c>offset</c>).</summary>
    public int MaxAnswerLogEntries { get; init; } = 10_000;

    /// <summary>The most intermediate certificates a device may present with its own (in its TLS handshake, or after it in <c>X-Client-Cert</c>); more is refused.</summary>
    public int MaxClientIntermediates { get; init; } = 8;

    /// <summary>The most bytes (DER) the intermediate certificates a device presents with its own may take together; more is refused.</summary>
    public int MaxClientChainSize { get; init; } = 64 * 1024;

    /// <summary>The largest answer read from a dynamic callout's webhook, in bytes; a longer one is that webhook's failure.</summary>
    public int MaxCalloutAnswerSize { get; init; } = 1024 * 1024;

    public static InputLimits Default { get; } = new();
}
