using System.Text.Json.Nodes;

namespace Sztpd.Core.Restconf;

/// <summary>The fixed RESTCONF resources both interfaces serve (RFC 8040 sections 3.1, 3.3).</summary>
public static class RestconfDocuments
{
    /// <summary>The ietf-yang-library revision RFC 8040 section 3.3.3 names.</summary>
    public const string YangLibraryVersion = "2019-01-04";

    /// <summary>The XRD body of <c>/.well-known/host-meta</c>.</summary>
    public const string HostMeta = "<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n  <Link rel=\"restconf\" href=\"/restconf\"/>\n</XRD>";

    /// <summary>The API root resource, <c>GET /restconf</c>.</summary>
    public static JsonObject Root() => new()
    {
        ["ietf-restconf:restconf"] = new JsonObject { ["data"] = new JsonObject(), ["operations"] = new JsonObject(), ["yang-library-version"] = YangLibraryVersion },
    };

    /// <summary><c>GET /restconf/yang-library-version</c>.</summary>
    public static JsonObject LibraryVersion() => new() { ["ietf-restconf:yang-library-version"] = YangLibraryVersion };
}
