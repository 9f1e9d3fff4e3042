namespace Sztpd.Core.Configuration;

/// <summary>An <c>admin-account</c>: e-mail address, password (a crypt hash) and access (<c>unrestricted</c>, <c>read-write</c>, <c>read-only</c>).</summary>
public sealed record AdminAccount(string EmailAddress, string Password, string Access);
