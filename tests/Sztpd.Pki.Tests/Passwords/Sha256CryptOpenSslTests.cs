using Sztpd.Pki.Passwords;

namespace Sztpd.Pki.Tests.Passwords;

public sealed class Sha256CryptOpenSslTests
{
    [Theory]
    [InlineData("saltstring", "Hello world!")]
    [InlineData("a", "my-secret")]
    [InlineData("./ABCxyz09", "pässwörd-ünïcödé-€-😀")]
    [InlineData("Zz", "a password that is considerably longer than thirty-two bytes, to exercise block repetition")]
    [InlineData("long", "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789")]
    public void Hash_SameInputsAsOpenSsl_ProducesSameValue(string salt, string password)
    {
        OpenSsl.SkipIfMissing();

        var (exitCode, output, error) = OpenSsl.Run(["passwd", "-5", "-salt", salt, password]);

        Assert.True(exitCode == 0, error);
        Assert.Equal(output.Trim(), Sha256Crypt.Hash(password, salt, null));
        Assert.True(Sha256Crypt.Verify(password, output.Trim()));
    }

    [Fact]
    public void Hash_ExplicitRounds_MatchesOpenSsl()
    {
        OpenSsl.SkipIfMissing();

        var (exitCode, output, error) = OpenSsl.Run(["passwd", "-5", "-salt", "rounds=1000$abcdefgh", "my-secret"]);

        Assert.True(exitCode == 0, error);
        Assert.Equal(output.Trim(), Sha256Crypt.Hash("my-secret", "abcdefgh", 1000));
    }
}
