using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Sztpd.Core.Configuration;
using Sztpd.Pki.Certificates;

namespace Sztpd.Core.Bootstrapping;

/// <summary>
/// The serial number a device certificate carries: by default the subject's serialNumber attribute, else the
/// value of its last RDN (SZTPD's rule); a device type may instead give a regular expression (sztpd-ext:serial-number-regex).
/// </summary>
public static class SerialNumbers
{
    private const string SerialNumberOid = "2.5.4.5";
    private const string SubjectAltNameOid = "2.5.29.17";

    /// <summary>The serial number under a device type's rule (null: the rule finds none).</summary>
    public static string? For(X509Certificate2 cert, DeviceType? deviceType)
    {
        ArgumentNullException.ThrowIfNull(cert);
        if (deviceType?.SerialNumberRule is not { } rule)
        {
            return DeviceSerialNumber.Of(cert);
        }
        foreach (var text in Sources(cert, rule.Source))
        {
            // The static form uses Regex's cache: the pattern is parsed once, not per request.
            var m = Regex.Match(text, rule.Regex, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            if (m.Success)
            {
                var group = m.Groups["sn"].Success ? m.Groups["sn"] : m.Groups.Count > 1 && m.Groups[1].Success ? m.Groups[1] : m.Groups[0];
                return group.Value;
            }
        }
        return null;
    }

    /// <summary>
    /// Whether <paramref name="rule"/> can ever produce <paramref name="serial"/>: its capturing part (the <c>sn</c> group,
    /// else the first group, else the whole expression, as <see cref="For"/> takes them) matches the whole serial number.
    /// True when that cannot be told (the part refers to other groups).
    /// </summary>
    public static bool CanProduce(SerialNumberRule rule, string serial)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var part = CapturingPart(rule.Regex);
        var options = RegexOptions.CultureInvariant | (rule.Regex.Contains("(?i", StringComparison.Ordinal) ? RegexOptions.IgnoreCase : RegexOptions.None);
        try
        {
            return Regex.IsMatch(serial, $"^(?:{part})$", options, TimeSpan.FromMilliseconds(100));
        }
        catch (Exception e) when (e is ArgumentException or RegexMatchTimeoutException)
        {
            return true;
        }
    }

    /// <summary>The text of the group <see cref="For"/> takes the serial number from.</summary>
    private static string CapturingPart(string pattern)
    {
        var parentheses = Parentheses(pattern).ToList();
        var start = pattern.IndexOf("(?<sn>", StringComparison.Ordinal) is var named and >= 0 ? named
            : pattern.IndexOf("(?'sn'", StringComparison.Ordinal) is var quoted and >= 0 ? quoted
            : parentheses.FirstOrDefault(i => pattern[i] == '(' && (i + 1 >= pattern.Length || pattern[i + 1] != '?'), -1);
        if (start < 0)
        {
            return pattern;
        }
        var depth = 0;
        foreach (var i in parentheses.Where(i => i >= start))
        {
            depth += pattern[i] == '(' ? 1 : -1;
            if (depth == 0)
            {
                var open = pattern[start + 1] == '?' ? start + 6 : start + 1;
                return pattern[open..i];
            }
        }
        return pattern;
    }

    /// <summary>The indexes of the parentheses of <paramref name="pattern"/> that group: not escaped, not in a character class.</summary>
    private static IEnumerable<int> Parentheses(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    i = ClassEnd(pattern, i);
                    break;
                case '(' or ')':
                    yield return i;
                    break;
            }
        }
    }

    /// <summary>The index of the <c>]</c> closing the character class opened at <paramref name="start"/>.</summary>
    private static int ClassEnd(string pattern, int start)
    {
        var i = start + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }
        if (i < pattern.Length && pattern[i] == ']')
        {
            i++; // a ']' first is a literal
        }
        for (; i < pattern.Length && pattern[i] != ']'; i++)
        {
            if (pattern[i] == '\\')
            {
                i++;
            }
        }
        return i;
    }

    private static IEnumerable<string> Sources(X509Certificate2 cert, string source) => source switch
    {
        "subject" => [cert.Subject],
        "subject-alt-name" => SubjectAltNames(cert),
        _ => cert.SubjectName.EnumerateRelativeDistinguishedNames(reversed: false)
            .Where(r => !r.HasMultipleElements && r.GetSingleElementType().Value == SerialNumberOid)
            .Select(r => r.GetSingleElementValue() ?? ""),
    };

    /// <summary>dNSName, URI and otherName (string values) of the subjectAltName extension.</summary>
    public static IEnumerable<string> SubjectAltNames(X509Certificate2 cert)
    {
        var ext = cert.Extensions.FirstOrDefault(e => e.Oid?.Value == SubjectAltNameOid);
        if (ext is null)
        {
            return [];
        }
        var names = new List<string>();
        try
        {
            var seq = new AsnReader(ext.RawData, AsnEncodingRules.DER).ReadSequence();
            while (seq.HasData)
            {
                var tag = seq.PeekTag();
                if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 2 or 6)
                {
                    names.Add(seq.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                }
                else if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 0)
                {
                    var other = seq.ReadSequence(tag);
                    other.ReadObjectIdentifier();
                    var value = other.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true));
                    var inner = value.PeekTag();
                    if (inner.TagClass == TagClass.Universal && inner.TagValue is (int)UniversalTagNumber.UTF8String or (int)UniversalTagNumber.IA5String or (int)UniversalTagNumber.PrintableString)
                    {
                        names.Add(value.ReadCharacterString((UniversalTagNumber)inner.TagValue));
                    }
                }
                else
                {
                    seq.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
        }
        return names;
    }
}
