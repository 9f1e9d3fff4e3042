namespace Sztpd.Core.Configuration;

/// <summary><c>sztpd-ext:serial-number-regex</c>: where in the certificate to look (<c>subject</c>, <c>subject-serial-number</c>, <c>subject-alt-name</c>) and the expression.</summary>
public sealed record SerialNumberRule(string Source, string Regex);
