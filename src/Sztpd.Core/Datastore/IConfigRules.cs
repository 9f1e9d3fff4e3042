using System.Text.Json.Nodes;

namespace Sztpd.Core.Datastore;

/// <summary>
/// Application rules run on every accepted edit before it is stored (SZTPD's create/change callbacks):
/// they may rewrite values (hash <c>$0$</c> secrets) and add errors (key pairs, certificate shapes).
/// </summary>
public interface IConfigRules
{
    /// <summary>Checks the new configuration (without row-list entries); <paramref name="old"/> is the previous one.</summary>
    void OnConfig(JsonObject config, JsonObject old, List<Restconf.RestconfError> errors);

    /// <summary>Checks one row-list entry (e.g. a device) being written into configuration <paramref name="config"/>.</summary>
    void OnRow(RowList list, JsonObject entry, JsonObject config, List<Restconf.RestconfError> errors);
}
