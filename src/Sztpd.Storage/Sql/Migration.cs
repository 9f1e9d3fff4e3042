namespace Sztpd.Storage.Sql;

/// <summary>One forward schema migration: applied once, in version order, with its statements run one by one.</summary>
internal sealed record Migration(int Version, string Description, IReadOnlyList<string> Statements);
