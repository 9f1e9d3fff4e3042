using Sztpd.Core.Yang.Parsing;

namespace Sztpd.Core.Yang.Compilation;

/// <summary>A typedef or grouping statement with the lexical scope it was defined in.</summary>
internal sealed record Definition(Statement Statement, Scope Scope);
