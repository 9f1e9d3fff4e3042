namespace Sztpd.Core.Yang.Compilation;

/// <summary>Where schema nodes are being built: <paramref name="Namespace"/> is the module the new nodes belong
/// to (the module of the <c>uses</c> or <c>augment</c>); <paramref name="Scope"/> is the lexical scope of the
/// statements (its module resolves prefixes); <paramref name="IgnoreConfig"/> is true inside rpc, action,
/// notification and yang-data, where <c>config</c> is ignored.</summary>
internal readonly record struct NodeContext(ModuleSource Namespace, Scope Scope, bool IgnoreConfig);
