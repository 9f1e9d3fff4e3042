using System.Text.Json.Nodes;
using Sztpd.Core.Limits;

namespace Sztpd.Core.Outbound;

/// <summary>
/// Notices of refused devices, held back so that refusals (which anyone can cause) cannot flood the notification log,
/// the receivers or the mailboxes: at most one per claimed serial number (or, without one, per address) per
/// <see cref="Window"/>, and <see cref="MaxPerWindow"/> in all; the refusals held back are counted into the next notice.
/// The state is this process's and bounded (entries are only added for notices given).
/// </summary>
public sealed class RefusalNotices(TimeProvider time, int maxText)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public const int MaxPerWindow = 60;

    private readonly Dictionary<string, DateTimeOffset> _last = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _given;
    private long _heldBack;

    /// <summary>The notification-log record of a refusal, or null when it is held back.</summary>
    public JsonObject? Notice(string? serialNumber, string source, string reason)
    {
        var now = time.GetUtcNow();
        long heldBack;
        lock (_lock)
        {
            if (now - _windowStart >= Window)
            {
                (_windowStart, _given) = (now, 0);
                foreach (var old in _last.Where(l => now - l.Value >= Window).Select(l => l.Key).ToList())
                {
                    _last.Remove(old);
                }
            }
            var key = serialNumber ?? "address " + source;
            if (_given >= MaxPerWindow || (_last.TryGetValue(key, out var last) && now - last < Window))
            {
                _heldBack++;
                return null;
            }
            (_last[key], heldBack, _heldBack) = (now, _heldBack, 0);
            _given++;
        }
        var record = new JsonObject { ["timestamp"] = Datastore.RunningDatastore.Timestamp(now), ["event"] = "device-refused" };
        if (serialNumber is not null)
        {
            record["serial-number"] = LoggedText.Bound(serialNumber, maxText);
        }
        record["source-ip"] = source;
        record["message"] = LoggedText.Bound(reason, maxText) + (heldBack > 0 ? $" ({heldBack} other refusals were not notified since the last notice.)" : "");
        return record;
    }
}
