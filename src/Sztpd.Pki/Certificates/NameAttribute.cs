namespace Sztpd.Pki.Certificates;

/// <summary>One AttributeTypeAndValue of a distinguished name, with its value decoded to text.</summary>
internal readonly record struct NameAttribute(string Oid, string Value);
