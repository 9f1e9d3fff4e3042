using System.Text.Json.Nodes;
using Sztpd.Core.Data;
using Sztpd.Core.Restconf;

namespace Sztpd.Core.Datastore;

/// <summary>The edit methods of RFC 8040 section 4 (PATCH is the plain merge of section 4.6.1).</summary>
public enum EditMethod
{
    Put,
    Post,
    Patch,
    Delete,
}

/// <summary>One edit of the running datastore.</summary>
public sealed record EditRequest(EditMethod Method, ResourcePath Path, JsonObject? Body, InsertPosition? Insert = null);

/// <summary>The outcome of an edit: created (201) or changed (204), or the errors that rejected it (nothing changed).</summary>
public sealed record EditResult(bool Created, IReadOnlyList<RestconfError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    public static EditResult Fail(RestconfError e) => new(false, [e]);

    public static EditResult Fail(IReadOnlyList<RestconfError> e) => new(false, e);
}

/// <summary>The outcome of a read: the RFC 8040 response document, or an error.</summary>
public sealed record ReadResult(JsonObject? Document, RestconfError? Error);
