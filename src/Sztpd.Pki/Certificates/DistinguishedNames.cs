using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Sztpd.Pki.Certificates;

/// <summary>
/// Distinguished-name comparison and display as SZTPD (Python <c>cryptography</c>) does them: names are equal
/// when their RDNs hold the same attribute types and decoded values, whatever the string encodings.
/// </summary>
internal static class DistinguishedNames
{
    private static readonly Dictionary<string, string> ShortNames = new()
    {
        ["2.5.4.3"] = "CN",
        ["2.5.4.7"] = "L",
        ["2.5.4.8"] = "ST",
        ["2.5.4.10"] = "O",
        ["2.5.4.11"] = "OU",
        ["2.5.4.6"] = "C",
        ["2.5.4.9"] = "STREET",
        ["0.9.2342.19200300.100.1.25"] = "DC",
        ["0.9.2342.19200300.100.1.1"] = "UID",
    };

    public static bool Equal(X500DistinguishedName a, X500DistinguishedName b)
    {
        if (a.RawData.AsSpan().SequenceEqual(b.RawData))
        {
            return true;
        }

        var ra = Parse(a);
        var rb = Parse(b);
        return ra.Count == rb.Count && ra.Zip(rb).All(p => p.First.ToHashSet().SetEquals(p.Second));
    }

    /// <summary>Python's <c>str(Name)</c>: <c>&lt;Name(CN=x,O=y)&gt;</c>, RFC 4514 order.</summary>
    public static string Display(X500DistinguishedName name)
    {
        var rdns = Parse(name).AsEnumerable().Reverse()
            .Select(rdn => string.Join('+', rdn.Select(a => (ShortNames.GetValueOrDefault(a.Oid) ?? a.Oid) + "=" + Escape(a.Value))));
        return "<Name(" + string.Join(',', rdns) + ")>";
    }

    private static List<List<NameAttribute>> Parse(X500DistinguishedName name)
    {
        var result = new List<List<NameAttribute>>();
        try
        {
            var sequence = new AsnReader(name.RawData, AsnEncodingRules.BER).ReadSequence();
            while (sequence.HasData)
            {
                var set = sequence.ReadSetOf(skipSortOrderValidation: true);
                var rdn = new List<NameAttribute>();
                while (set.HasData)
                {
                    var pair = set.ReadSequence();
                    rdn.Add(new NameAttribute(pair.ReadObjectIdentifier(), ReadValue(pair)));
                }

                result.Add(rdn);
            }
        }
        catch (AsnContentException)
        {
            return [[new NameAttribute(string.Empty, Convert.ToHexString(name.RawData))]];
        }

        return result;
    }

    private static string ReadValue(AsnReader pair)
    {
        var tag = pair.PeekTag();
        if (tag.TagClass == TagClass.Universal && !tag.IsConstructed
            && (UniversalTagNumber)tag.TagValue is UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString
                or UniversalTagNumber.IA5String or UniversalTagNumber.T61String or UniversalTagNumber.BMPString
                or UniversalTagNumber.UniversalString or UniversalTagNumber.NumericString or UniversalTagNumber.VisibleString)
        {
            return pair.ReadCharacterString((UniversalTagNumber)tag.TagValue);
        }

        return "#" + Convert.ToHexString(pair.ReadEncodedValue().Span).ToLowerInvariant();
    }

    private static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '\\' or '"' or '+' or ',' or ';' or '<' or '>'
                || (i == 0 && c is '#' or ' ') || (i == value.Length - 1 && c == ' '))
            {
                builder.Append('\\');
            }

            builder.Append(c == '\0' ? "\\00" : c.ToString());
        }

        return builder.ToString();
    }
}
