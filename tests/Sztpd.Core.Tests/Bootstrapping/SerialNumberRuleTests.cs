using Sztpd.Core.Bootstrapping;
using Sztpd.Core.Configuration;

namespace Sztpd.Core.Tests.Bootstrapping;

/// <summary><see cref="SerialNumbers.CanProduce"/>: whether a device type's serial-number-regex can ever yield a serial number.</summary>
public sealed class SerialNumberRuleTests
{
    [Theory]
    [InlineData(@"SN:(?<sn>\S+)", "FCW2126G05V", true)]
    [InlineData(@"SN:(?<sn>\S+)", "PID:C9300-24T SN:FCW2126G05V", false)]
    [InlineData(@"SN:(?'sn'[A-Z]{3}\d{4})", "FCW2126", true)]
    [InlineData(@"SN:(?'sn'[A-Z]{3}\d{4})", "fcw2126", false)]
    [InlineData(@"(?i)SN:(?<sn>[A-Z]{3}\d{4})", "fcw2126", true)]
    [InlineData(@"^serial=([0-9]+)$", "12345", true)]
    [InlineData(@"^serial=([0-9]+)$", "A12345", false)]
    [InlineData(@"(?:x)[(]ignored[)](\d+)", "42", true)]
    [InlineData(@"[\]a-z(]+=(?<sn>[A-F0-9]{8})", "DEADBEEF", true)]
    [InlineData(@"[\]a-z(]+=(?<sn>[A-F0-9]{8})", "DEADBEEFX", false)]
    [InlineData(@"^[A-Z]{2}\d+$", "AB12", true)]
    [InlineData(@"^[A-Z]{2}\d+$", "AB-12", false)]
    [InlineData(@"(?<kind>\w)-(?<sn>\k<kind>\d+)", "A1", true)]
    public void CanProduce_TheCapturingPartMatchesTheWholeSerialNumber(string regex, string serial, bool expected) =>
        Assert.Equal(expected, SerialNumbers.CanProduce(new SerialNumberRule("subject-serial-number", regex), serial));
}
