using Sztpd.Pki.Passwords;

namespace Sztpd.Pki.Tests.Passwords;

public sealed class Sha256CryptTests
{
    // The SHA-256 test vectors published with Drepper's "Unix crypt using SHA-256 and SHA-512".
    public static TheoryData<string, string, string> SpecificationVectors => new()
    {
        { "$5$saltstring", "Hello world!", "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5" },
        {
            "$5$rounds=10000$saltstringsaltstring", "Hello world!",
            "$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA"
        },
        {
            "$5$rounds=5000$toolongsaltstring", "This is just a test",
            "$5$rounds=5000$toolongsaltstrin$Un/5jzAHMgOGZ5.mWJpuVolil07guHPvOW8mGRcvxa5"
        },
        {
            "$5$rounds=1400$anotherlongsaltstring",
            "a very much longer text to encrypt.  This one even stretches over morethan one line.",
            "$5$rounds=1400$anotherlongsalts$Rx.j8H.h8HjEDGomFU8bDkXm3XIUnzyxf12oP84Bnq1"
        },
        {
            "$5$rounds=77777$short", "we have a short salt string but not a short password",
            "$5$rounds=77777$short$JiO1O3ZpDAxGJeaDIuqCoEFysAe1mZNJRs3pw0KQRd/"
        },
        {
            "$5$rounds=123456$asaltof16chars..", "a short string",
            "$5$rounds=123456$asaltof16chars..$gP3VQ/6X7UUEW3HkBn2w1/Ptq2jxPyzV/cZKmF/wJvD"
        },
        {
            "$5$rounds=10$roundstoolow", "the minimum number is still observed",
            "$5$rounds=1000$roundstoolow$yfvwcWrQ8l/K0DAWyuPMDNHpIVlTQebY9l/gL972bIC"
        },
    };

    [Theory]
    [MemberData(nameof(SpecificationVectors))]
    public void Hash_SpecificationVector_MatchesPublishedResult(string setting, string password, string expected)
    {
        var (salt, rounds) = ParseSetting(setting);

        Assert.Equal(expected, Sha256Crypt.Hash(password, salt, rounds));
    }

    [Theory]
    [MemberData(nameof(SpecificationVectors))]
    public void Verify_SpecificationVector_Succeeds(string setting, string password, string expected)
    {
        _ = setting;

        Assert.True(Sha256Crypt.Verify(password, expected));
        Assert.False(Sha256Crypt.Verify(password + "x", expected));
    }

    [Fact]
    public void Hash_RandomSalt_HasRoundsSixteenCharSaltAndVerifies()
    {
        var hash = Sha256Crypt.Hash("my-secret", 1000);

        var parts = hash.Split('$');
        Assert.Equal(["", "5", "rounds=1000"], parts[..3]);
        Assert.Equal(16, parts[3].Length);
        Assert.Equal(43, parts[4].Length);
        Assert.True(CryptHash.IsValid(hash));
        Assert.True(Sha256Crypt.Verify("my-secret", hash));
        Assert.False(Sha256Crypt.Verify("my-secreT", hash));
    }

    [Fact]
    public void Hash_DefaultRounds_WritesRounds5000()
    {
        Assert.StartsWith("$5$rounds=5000$", Sha256Crypt.Hash("x"), StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_SameInputsTwice_UsesDifferentSalts()
    {
        Assert.NotEqual(Sha256Crypt.Hash("x", 1000), Sha256Crypt.Hash("x", 1000));
    }

    [Theory]
    [InlineData(0, "rounds=1000$")]
    public void Hash_RoundsOutOfRange_AreClamped(int rounds, string expectedParameter)
    {
        Assert.Contains(expectedParameter, Sha256Crypt.Hash("x", "salt", rounds), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RoundsBelowMinimum_UsesMinimum()
    {
        var atMinimum = Sha256Crypt.Hash("pw", "abc", 1000);
        var lowered = atMinimum.Replace("rounds=1000", "rounds=7", StringComparison.Ordinal);

        Assert.True(Sha256Crypt.Verify("pw", lowered));
    }

    [Fact]
    public void Verify_SaltLongerThanSixteen_IsTruncated()
    {
        var hash = Sha256Crypt.Hash("pw", "0123456789abcdef", null);
        var longSalt = hash.Replace("0123456789abcdef", "0123456789abcdefXYZ", StringComparison.Ordinal);

        Assert.True(Sha256Crypt.Verify("pw", longSalt));
    }

    [Theory]
    [InlineData("")]
    [InlineData("$0$pw")]
    [InlineData("$6$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5")]
    [InlineData("$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc")]
    [InlineData("$5$rounds=$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5")]
    [InlineData("$5$rounds=-5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5")]
    [InlineData("$5$a$b$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5")]
    public void Verify_MalformedHash_ReturnsFalse(string value)
    {
        Assert.False(Sha256Crypt.Verify("Hello world!", value));
    }

    private static (string Salt, int? Rounds) ParseSetting(string setting)
    {
        var rest = setting["$5$".Length..];
        if (!rest.StartsWith("rounds=", StringComparison.Ordinal))
        {
            return (rest, null);
        }

        var end = rest.IndexOf('$', StringComparison.Ordinal);
        return (rest[(end + 1)..], int.Parse(rest["rounds=".Length..end], System.Globalization.CultureInfo.InvariantCulture));
    }
}
