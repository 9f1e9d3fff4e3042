namespace Sztpd.Core.Limits;

/// <summary>Cuts a text taken from a request to what a log entry keeps of it, and says so.</summary>
public static class LoggedText
{
    /// <summary><paramref name="text"/> itself, or its first <paramref name="max"/> characters followed by a mark saying how much was cut.</summary>
    public static string Bound(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max)
        {
            return text;
        }
        var cut = max;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }
        return $"{text[..cut]}... [truncated: {text.Length} characters]";
    }
}
