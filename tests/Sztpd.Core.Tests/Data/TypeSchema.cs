using Sztpd.Core.Yang;
using static Sztpd.Core.Tests.Yang.TestSchemas;

namespace Sztpd.Core.Tests.Data;

/// <summary>One leaf per YANG built-in type in container <c>v:c</c>; module <c>w</c> adds identities of the same base.</summary>
internal static class TypeSchema
{
    public static SchemaContext Context { get; } = Compile(
        Module("v", """
            identity crypto;
            identity aes { base crypto; }
            identity des { base crypto; }
            container c {
              leaf i8 { type int8; }
              leaf u16 { type uint16 { range "1..100 | 200"; } }
              leaf i64 { type int64; }
              leaf u64 { type uint64; }
              leaf s { type string { length "2..4"; pattern "[a-z]+"; } }
              leaf short { type string { length "1..2"; } }
              leaf x-only { type string { pattern "x.*" { error-message "must start with x"; } } }
              leaf e { type enumeration { enum red; enum green; } }
              leaf id { type identityref { base crypto; } }
              leaf b { type boolean; }
              leaf flag { type empty; }
              leaf un { type union { type int32; type enumeration { enum unbounded; } } }
              leaf d { type decimal64 { fraction-digits 2; range "0..10"; } }
              leaf bin { type binary { length "1..4"; } }
              leaf bits { type bits { bit a; bit b; } }
            }
            """),
        Module("w", """
            import v { prefix v; }
            identity aes { base v:crypto; }
            identity gcm { base v:crypto; }
            """));

    /// <summary>A document setting leaf <paramref name="leaf"/> of <c>v:c</c> to the JSON value <paramref name="value"/>.</summary>
    public static string Document(string leaf, string value) => "{\"v:c\": {\"" + leaf + "\": " + value + "}}";
}
