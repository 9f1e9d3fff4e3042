namespace Sztpd.Storage.Tests;

public sealed class DatabaseUrlTests
{
    [Fact]
    public void Parse_SqliteMemory_IsInMemory()
    {
        var url = DatabaseUrl.Parse("sqlite:///:memory:");

        Assert.Equal(DatabaseDialect.Sqlite, url.Dialect);
        Assert.True(url.IsInMemory);
        Assert.Null(url.FilePath);
        Assert.Equal("sqlite:///:memory:", url.ToString());
    }

    [Fact]
    public void Parse_SqliteRelativePath_ResolvesAgainstCurrentDirectory()
    {
        var url = DatabaseUrl.Parse("sqlite:///relative/path/sztpd.db");

        Assert.False(url.IsInMemory);
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "relative", "path", "sztpd.db"), url.FilePath);
    }

    [Fact]
    public void Parse_SqliteAbsolutePath_KeepsPath()
    {
        var url = DatabaseUrl.Parse("sqlite:////absolute/path/sztpd.db");

        Assert.Equal("/absolute/path/sztpd.db", url.FilePath);
        Assert.Equal("sqlite:////absolute/path/sztpd.db", url.ToString());
    }

    [Theory]
    [InlineData("postgresql://user:pass@localhost:5432/sztpd", "postgresql", DatabaseDialect.PostgreSql, "localhost", 5432)]
    [InlineData("postgres://user:pass@localhost:5432/sztpd", "postgres", DatabaseDialect.PostgreSql, "localhost", 5432)]
    [InlineData("POSTGRESQL://user:pass@localhost:5432/sztpd", "postgresql", DatabaseDialect.PostgreSql, "localhost", 5432)]
    [InlineData("mysql+pymysql://user:pass@db.example.com:3307/sztpd", "mysql+pymysql", DatabaseDialect.MySql, "db.example.com", 3307)]
    [InlineData("mysql://user:pass@db.example.com:3307/sztpd", "mysql", DatabaseDialect.MySql, "db.example.com", 3307)]
    public void Parse_ServerSchemes_ParseAllParts(string text, string scheme, DatabaseDialect dialect, string host, int port)
    {
        var url = DatabaseUrl.Parse(text);

        Assert.Equal(dialect, url.Dialect);
        Assert.Equal(scheme, url.Scheme);
        Assert.Equal(host, url.Host);
        Assert.Equal(port, url.Port);
        Assert.Equal("user", url.User);
        Assert.Equal("pass", url.Password);
        Assert.Equal("sztpd", url.Database);
    }

    [Theory]
    [InlineData("postgresql://u@h/db", 5432)]
    [InlineData("mysql+pymysql://u@h/db", 3306)]
    public void Parse_NoPort_UsesDialectDefault(string text, int port)
    {
        var url = DatabaseUrl.Parse(text);

        Assert.Equal(port, url.Port);
        Assert.Null(url.Password);
    }

    [Fact]
    public void Parse_PercentEncodedParts_AreDecoded()
    {
        var url = DatabaseUrl.Parse("postgresql://us%40er:p%3Aa%2Fs%25s%C3%A9@localhost/my%20db");

        Assert.Equal("us@er", url.User);
        Assert.Equal("p:a/s%sé", url.Password);
        Assert.Equal("my db", url.Database);
    }

    [Fact]
    public void Parse_UnencodedAtAndColonInPassword_SplitsOnLastAt()
    {
        var url = DatabaseUrl.Parse("mysql://user:p@ss:word@localhost/sztpd");

        Assert.Equal("user", url.User);
        Assert.Equal("p@ss:word", url.Password);
        Assert.Equal("localhost", url.Host);
    }

    [Theory]
    [InlineData("postgresql://u:p@[::1]:5433/db", "::1", 5433)]
    [InlineData("mysql://u:p@[2001:db8::7]/db", "2001:db8::7", 3306)]
    public void Parse_BracketedIpv6Host_ParsesHostAndPort(string text, string host, int port)
    {
        var url = DatabaseUrl.Parse(text);

        Assert.Equal(host, url.Host);
        Assert.Equal(port, url.Port);
    }

    [Fact]
    public void Parse_MySqlCharsetParameter_IsAccepted()
    {
        var url = DatabaseUrl.Parse("mysql+pymysql://u:p@h/sztpd?charset=utf8mb4");

        Assert.Equal("sztpd", url.Database);
    }

    [Fact]
    public void ToString_WithPassword_MasksPassword()
    {
        var url = DatabaseUrl.Parse("postgresql://sztpd:TopSecret%21@[::1]:5432/my%20db");

        var text = url.ToString();

        Assert.Equal("postgresql://sztpd:***@[::1]:5432/my%20db", text);
        Assert.DoesNotContain("TopSecret", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_WithoutPassword_ShowsNoMask()
    {
        Assert.Equal("mysql+pymysql://sztpd@localhost:3306/sztpd", DatabaseUrl.Parse("mysql+pymysql://sztpd@localhost/sztpd").ToString());
    }

    [Fact]
    public void Parse_SameText_GivesEqualRecords()
    {
        Assert.Equal(DatabaseUrl.Parse("postgres://u:p@h:1/d"), DatabaseUrl.Parse("postgres://u:p@h:1/d"));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("sztpd.db", "must start with")]
    [InlineData("oracle://u:p@h/db", "must start with")]
    [InlineData("http://u:p@h/db", "must start with")]
    [InlineData("sqlite://relative.db", "sqlite:///:memory:")]
    [InlineData("sqlite:///", "sqlite:///:memory:")]
    [InlineData("postgresql://localhost:5432/sztpd", "must name a user")]
    [InlineData("postgresql://:pass@localhost:5432/sztpd", "must name a user")]
    [InlineData("postgresql://u:p@localhost:5432", "database name")]
    [InlineData("postgresql://u:p@localhost:5432/", "database name")]
    [InlineData("mysql://u:p@:3306/sztpd", "host")]
    [InlineData("mysql://u:p@h:0/sztpd", "port")]
    [InlineData("mysql://u:p@h:65536/sztpd", "port")]
    [InlineData("mysql://u:p@h:12a/sztpd", "port")]
    [InlineData("mysql://u:p@h:/sztpd", "port")]
    [InlineData("postgresql://u:p@::1:5432/sztpd", "IPv6")]
    [InlineData("postgresql://u:p@[::1/sztpd", "IPv6")]
    [InlineData("postgresql://u:p@[::1]x/sztpd", "IPv6")]
    [InlineData("postgresql://u:p%zz@h/sztpd", "password")]
    [InlineData("postgresql://u%4@h/sztpd", "user name")]
    [InlineData("postgresql://u@h/db%FF", "UTF-8")]
    [InlineData("postgresql://u:p@h/db?sslmode=require", "'sslmode' is not supported")]
    [InlineData("mysql://u:p@h/db?charset=latin1", "'charset' is not supported")]
    public void Parse_BadUrl_ThrowsFormatExceptionWithOneSentence(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => DatabaseUrl.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.EndsWith(".", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotMatch(@"[.;]\s+[A-Z]", error.Message);
    }

    [Fact]
    public void Parse_BadUrlWithPassword_DoesNotEchoPassword()
    {
        var error = Assert.Throws<FormatException>(() => DatabaseUrl.Parse("postgresql://u:Hunter2Secret@h:99999/db"));

        Assert.DoesNotContain("Hunter2Secret", error.Message, StringComparison.Ordinal);
    }
}
