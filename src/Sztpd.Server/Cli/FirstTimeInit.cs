using System.Text.Json.Nodes;
using Sztpd.Core.Storage;

namespace Sztpd.Server.Cli;

/// <summary>
/// First-time initialization (installation guide 2.5.2-2.5.3): contract acceptance, mode selection and the
/// factory-default transport (one HTTP native endpoint), from the terminal or the environment.
/// </summary>
internal sealed class FirstTimeInit(IDataStore store, StartupSettings settings, TextReader input, TextWriter output, bool interactive)
{
    public const string ModeKey = "mode";

    /// <summary>Returns the stored mode, initializing the database first if needed; throws <see cref="UserError"/>.</summary>
    public async Task<string> EnsureAsync(CancellationToken ct)
    {
        if (await store.GetMetaAsync(ModeKey, ct).ConfigureAwait(false) is { } mode)
        {
            return mode;
        }
        AcceptContract();
        mode = SelectMode();
        await using var tx = await store.BeginAsync(ct).ConfigureAwait(false);
        await tx.SetMetaAsync(ModeKey, mode, ct).ConfigureAwait(false);
        await tx.PutTopLevelAsync("wn-sztpd-1:transport", FactoryDefault(settings.InitAddress).ToJsonString(), ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return mode;
    }

    /// <summary>The factory-default transport: the local port is not stored, so SZTPD_INIT_PORT applies at every start.</summary>
    public static JsonObject FactoryDefault(string address) => new()
    {
        ["listen"] = new JsonObject
        {
            ["endpoint"] = new JsonArray(new JsonObject
            {
                ["name"] = "default startup endpoint",
                ["use-for"] = "wn-app:native-interface",
                ["http"] = new JsonObject { ["tcp-server-parameters"] = new JsonObject { ["local-address"] = address } },
            }),
        },
    };

    private void AcceptContract()
    {
        var env = Environment.GetEnvironmentVariable("SZTPD_ACCEPT_CONTRACT");
        if (env is not null)
        {
            if (env != "Yes")
            {
                throw new UserError("The \"SZTPD_ACCEPT_CONTRACT\" environment variable is set to a value other than \"Yes\"; set it to \"Yes\" to accept the contract.");
            }
            return;
        }
        RequireTerminal();
        output.WriteLine("First time initialization.  Please accept the license terms (Apache License 2.0, see LICENSE).");
        output.WriteLine();
        output.Write("Please enter \"Yes\" or \"No\": ");
        output.Flush();
        if (input.ReadLine()?.Trim() != "Yes")
        {
            throw new UserError("The contract was not accepted; exiting.");
        }
    }

    private string SelectMode()
    {
        var env = Environment.GetEnvironmentVariable("SZTPD_INIT_MODE");
        if (env is null)
        {
            RequireTerminal();
            output.WriteLine();
            output.WriteLine("Modes:");
            output.WriteLine("  1 - single-tenant");
            output.WriteLine("  x - multi-tenant");
            output.WriteLine();
            output.Write("Mode: ");
            output.Flush();
            env = input.ReadLine()?.Trim();
        }
        return env is "1" or "x"
            ? env
            : throw new UserError($"The mode \"{env}\" is not valid.  Must be '1' or 'x' (set SZTPD_INIT_MODE or answer the prompt).");
    }

    private void RequireTerminal()
    {
        if (!interactive)
        {
            throw new UserError("The database is not initialized and there is no terminal to ask on: set SZTPD_ACCEPT_CONTRACT=Yes and SZTPD_INIT_MODE=1 (or x).");
        }
    }
}
