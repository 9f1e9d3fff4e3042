using System.Text.Json.Nodes;
using Sztpd.Testing;
using Sztpd.Testing.Opi;

namespace Sztpd.Core.Tests.Configuration;

/// <summary>One opi PKI per test class (key generation is the slow part) and the running configuration filled from it.</summary>
public sealed class OpiConfigurationFixture : IDisposable
{
    private readonly OpiPki _pki = new(DateTimeOffset.UtcNow);

    /// <summary>A fresh copy of the opi running configuration (ports 7080/9090).</summary>
    public JsonObject Running() => JsonNode.Parse(OpiTemplate.Running(_pki, 7080, 9090))!.AsObject();

    public void Dispose() => _pki.Dispose();
}
