using System.Text.Json.Nodes;
using Sztpd.Core.Accounts;
using Sztpd.Core.Configuration;

namespace Sztpd.Core.Tests.Accounts;

/// <summary>How an edit changes the admin accounts' state: password ages and pending activations.</summary>
public sealed class AccountStatesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static RunningConfiguration Config(bool activation, params (string Email, string Hash)[] admins)
    {
        var config = JsonNode.Parse($$$"""
            {"wn-sztpd-1:transport": {"listen": {"endpoint": [{"name": "nbi", "use-for": "wn-app:native-interface",
               "http": {"tcp-server-parameters": {"local-address": "0.0.0.0", "local-port": 8080}},
               "sztpd-ext:external-endpoint": {"address": "sztpd.example.com"}}]}},
             "wn-sztpd-1:preferences": {"sztpd-ext:authentication": {"account-activation": {{{(activation ? "true" : "false")}}}, "password-aging-timeout": 90},
               "sztpd-ext:email": {"server-address": "smtp.example.com", "from": "sztpd@example.com"} } }
            """)!.AsObject();
        config["wn-sztpd-1:admin-accounts"] = new JsonObject
        {
            ["admin-account"] = new JsonArray([.. admins.Select(a => (JsonNode)new JsonObject { ["email-address"] = a.Email, ["password"] = a.Hash, ["access"] = "unrestricted" })]),
        };
        return ConfigurationMapper.Map(config);
    }

    [Fact]
    public void TheFirstAdmins_AreActive_AndTheirPasswordsAgeFromTheirCreation()
    {
        var (states, mail) = AccountStates.Empty.AfterEdit(Config(true), Config(true, ("a@example.com", "$5$x$1")), T0);

        Assert.Empty(mail);
        Assert.False(states.PendingActivation("a@example.com"));
        Assert.Equal(T0.AddDays(90), states.PasswordExpires("a@example.com", Config(true).Authentication));
    }

    [Fact]
    public void AnAdminAddedLater_WaitsForTheLinkMailedToIt_AtTheExternalEndpoint()
    {
        var one = Config(true, ("a@example.com", "$5$x$1"));
        var (states, _) = AccountStates.Empty.AfterEdit(Config(true), one, T0);

        var (after, mail) = states.AfterEdit(one, Config(true, ("a@example.com", "$5$x$1"), ("b@example.com", "$5$y$2")), T0.AddDays(1));

        Assert.True(after.PendingActivation("b@example.com"));
        var message = JsonNode.Parse(Assert.Single(mail).Json)!;
        Assert.Equal("b@example.com", (string?)message["to"]![0]);
        Assert.Contains("https://sztpd.example.com:443/activate-account?token=", (string?)message["text"], StringComparison.Ordinal);
        var token = ((string)message["text"]!).Split("token=")[1].Split('\n')[0];
        Assert.Null(after.Activate(token, T0.AddDays(1) + AccountStates.ActivationLifetime));
        var (activated, email) = after.Activate(token, T0.AddDays(2))!.Value;
        Assert.Equal("b@example.com", email);
        Assert.False(activated.PendingActivation("b@example.com"));
        Assert.Null(activated.Activate(token, T0.AddDays(2)));
    }

    [Fact]
    public void AnUnchangedPassword_KeepsItsAge_AChangedOneStartsAgain()
    {
        var one = Config(false, ("a@example.com", "$5$x$1"));
        var (states, _) = AccountStates.Empty.AfterEdit(Config(false), one, T0);

        var (same, _) = states.AfterEdit(one, one, T0.AddDays(10));
        var (changed, _) = states.AfterEdit(one, Config(false, ("a@example.com", "$5$x$2")), T0.AddDays(10));

        Assert.Same(states, same);
        Assert.Equal(T0, same.Of("a@example.com")!.PasswordLastModified);
        Assert.Equal(T0.AddDays(10), changed.Of("a@example.com")!.PasswordLastModified);
    }

    [Fact]
    public void TurningActivationOff_ReleasesThePendingAccounts()
    {
        var one = Config(true, ("a@example.com", "$5$x$1"));
        var two = Config(true, ("a@example.com", "$5$x$1"), ("b@example.com", "$5$y$2"));
        var (states, _) = AccountStates.Empty.AfterEdit(Config(true), one, T0);
        (states, _) = states.AfterEdit(one, two, T0);

        var (off, mail) = states.AfterEdit(two, Config(false, ("a@example.com", "$5$x$1"), ("b@example.com", "$5$y$2")), T0);

        Assert.Empty(mail);
        Assert.False(off.PendingActivation("b@example.com"));
        Assert.Equal(off.ToJson(), AccountStates.Parse(off.ToJson()).ToJson());
    }
}
