using System.Text.Json.Nodes;
using Sztpd.Core.Data;
using Sztpd.Core.Restconf;
using Sztpd.Core.Yang;

namespace Sztpd.Core.Datastore;

/// <summary>
/// An edit request with its body checked and normalized: the target resource (for POST, the new child)
/// and the canonical value to put, create or merge there.
/// </summary>
internal sealed partial class EditBody
{
    public required EditMethod Method { get; init; }
    public required ResourcePath Target { get; init; }
    public JsonNode? Value { get; init; }
    public InsertPosition? Insert { get; init; }
    public RestconfError? Error { get; init; }
    public IReadOnlyList<RestconfError> Errors { get; init; } = [];

    /// <summary>The schema of a whole-datastore edit, whose top-level members a PATCH merges by their schema nodes.</summary>
    public SchemaContext? Schema { get; init; }

    /// <summary>
    /// The entries of the row list at or below the target, as the body gave them (not in <see cref="Value"/>, not
    /// normalized): each is checked and normalized as its row is written, so that the body is not held twice.
    /// </summary>
    public DeferredEntries? Rows { get; private set; }

    /// <summary>This edit with <paramref name="value"/> in place of its value (the rules' rewriting, <see cref="IConfigRules.PrepareValue"/>).</summary>
    public EditBody WithValue(JsonNode? value) =>
        new() { Method = Method, Target = Target, Value = value, Insert = Insert, Error = Error, Errors = Errors, Schema = Schema, Rows = Rows };

    /// <summary>Checks and normalizes <paramref name="r"/>'s body, but for the entries of <paramref name="rows"/> (<see cref="Rows"/>).</summary>
    public static EditBody Prepare(SchemaContext schema, EditRequest r, int maxKeyLength, ListNode? rows)
    {
        EditBody Fail(RestconfError e) => new() { Method = r.Method, Target = r.Path, Error = e };
        if (!r.Path.IsRoot && r.Path.Last.Node is ListNode && r.Path.Last.Keys is null)
        {
            return Fail(RestconfError.InvalidValue("RFC 8040 doesn't acknowledge 'list' or 'leaf-list' nodes as resource targets; address one entry (\"list=key\") or the parent."));
        }
        if (r.Method == EditMethod.Delete)
        {
            return new() { Method = r.Method, Target = r.Path };
        }
        var body = r.Body!;
        var validator = new InstanceValidator(schema, config: true) { Partial = r.Method == EditMethod.Patch, MaxKeyLength = maxKeyLength, Defers = rows };
        if (r.Path.IsRoot && r.Method != EditMethod.Post)
        {
            var whole = validator.NormalizeObject(null, body, "");
            return new() { Method = r.Method, Target = r.Path, Value = whole, Errors = validator.Errors, Schema = schema, Rows = validator.Deferred };
        }
        if (body.Count != 1)
        {
            return Fail(RestconfError.Malformed($"The request body must have exactly one top-level member, but it has {body.Count}."));
        }
        var (name, raw) = body.First();
        var parent = r.Method == EditMethod.Post ? (r.Path.IsRoot ? null : r.Path.Last.Node as InteriorNode) : r.Path.Last.Node.DataParent as InteriorNode;
        if (r.Method == EditMethod.Post && !r.Path.IsRoot && parent is null)
        {
            return Fail(RestconfError.InvalidValue($"\"{r.Path.Last.Node.Name}\" has no child nodes to create."));
        }
        var child = validator.Resolve(parent, name, r.Path.IsRoot ? "" : r.Path.ToString());
        if (child is null)
        {
            return new() { Method = r.Method, Target = r.Path, Errors = validator.Errors };
        }
        if (!name.Contains(':', StringComparison.Ordinal))
        {
            return Fail(RestconfError.Malformed("The top-level node-identifier must be prefixed by a namespace followed by a colon."));
        }
        if (r.Method != EditMethod.Post && !ReferenceEquals(child, r.Path.Last.Node))
        {
            return Fail(RestconfError.Malformed($"The body's member \"{name}\" does not match the target resource \"{r.Path.Last.MemberName}\"."));
        }
        return ForChild(r, child!, raw, validator);
    }
}
