using Sztpd.Pki.Passwords;

namespace Sztpd.Pki.Tests.Passwords;

public sealed class CryptHashTests
{
    [Theory]
    [InlineData("$0$my-secret", true)]
    [InlineData("$0$", true)]
    [InlineData("$5$abc$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5", false)]
    [InlineData("my-secret", false)]
    [InlineData(null, false)]
    public void IsClearText_Value_DetectsPrefix(string? value, bool expected)
    {
        Assert.Equal(expected, CryptHash.IsClearText(value));
    }

    [Fact]
    public void ClearTextOf_ClearText_StripsPrefix()
    {
        Assert.Equal("my-secret", CryptHash.ClearTextOf("$0$my-secret"));
    }

    [Fact]
    public void ClearTextOf_NotClearText_Throws()
    {
        Assert.Throws<ArgumentException>(() => CryptHash.ClearTextOf("$5$x"));
    }

    [Theory]
    [InlineData("$0$anything at all")]
    [InlineData("$1$saltsalt$abcdefghijklmnopqrstuv")]
    [InlineData("$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5")]
    [InlineData("$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA")]
    [InlineData("$6$s$" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./abcdefghijklmnopqrstuv")]
    public void IsValid_PatternValue_ReturnsTrue(string value)
    {
        Assert.True(CryptHash.IsValid(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("$0$line\nbreak")]
    [InlineData("$5$$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5")]
    [InlineData("$5$saltstringsaltstr$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5")]
    [InlineData("$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc")]
    [InlineData("$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5!")]
    [InlineData("$5$rounds=x$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5")]
    [InlineData("$2$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5")]
    public void IsValid_NonPatternValue_ReturnsFalse(string value)
    {
        Assert.False(CryptHash.IsValid(value));
    }

    [Fact]
    public void ToStored_ClearText_HashesWithGivenRounds()
    {
        var stored = CryptHash.ToStored("$0$my-secret", 1000);

        Assert.StartsWith("$5$rounds=1000$", stored, StringComparison.Ordinal);
        Assert.True(CryptHash.Verify("my-secret", stored));
    }

    [Fact]
    public void ToStored_AlreadyHashed_ReturnsUnchanged()
    {
        const string Hashed = "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5";

        Assert.Equal(Hashed, CryptHash.ToStored(Hashed));
    }

    [Theory]
    [InlineData("my-secret", "$0$my-secret", true)]
    [InlineData("my-secreT", "$0$my-secret", false)]
    [InlineData("Hello world!", "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5", true)]
    [InlineData("Hello world!", "$1$saltsalt$abcdefghijklmnopqrstuv", false)]
    public void Verify_StoredValue_ComparesPassword(string password, string stored, bool expected)
    {
        Assert.Equal(expected, CryptHash.Verify(password, stored));
    }
}
