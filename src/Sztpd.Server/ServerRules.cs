using System.Text.Json.Nodes;
using Sztpd.Core.Datastore;
using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;

namespace Sztpd.Server;

/// <summary>The application rules plus the server's own: a transport change must be bindable before it is accepted.</summary>
internal sealed class ServerRules(IConfigRules inner, Lazy<ServerState> lazyState) : IConfigRules
{
    private static readonly string[] TlsInputs = ["wn-sztpd-1:transport", "wn-sztpd-1:keystore", "wn-sztpd-1:truststore"];

    public JsonNode? PrepareValue(SchemaNode? node, JsonNode? value, JsonObject running, List<RestconfError> errors) =>
        inner.PrepareValue(node, value, running, errors);

    public void OnConfig(JsonObject config, JsonObject old, List<RestconfError> errors)
    {
        inner.OnConfig(config, old, errors);
        if (errors.Count > 0 || lazyState.Value.Listeners is null || TlsInputs.All(n => config[n]?.ToJsonString() == old[n]?.ToJsonString()))
        {
            return;
        }
        if (lazyState.Value.Listeners.CheckBindable(config) is { } problem)
        {
            errors.Add(RestconfError.OperationFailed(problem, "/wn-sztpd-1:transport"));
        }
    }

    public void OnRow(RowList list, JsonObject entry, JsonObject config, List<RestconfError> errors) => inner.OnRow(list, entry, config, errors);
}
