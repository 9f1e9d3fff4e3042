using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Outbound;
using Sztpd.Core.Storage;

namespace Sztpd.Server.Outbound;

/// <summary>
/// Delivers the outbox (<see cref="IOutboxStore"/>): due messages, each device's in order, to the dynamic callout they
/// name (or, e-mails, through <see cref="Mailer"/>), with the message id as the <c>Idempotency-Key</c> header (at least once: a receiver that answered but whose
/// answer was lost gets the message again); a failure is retried per <see cref="OutboxPolicy"/>, then kept as dead.
/// Woken by <see cref="Wake"/> when a message is added, else it looks when the next message is due, and at least every
/// <see cref="OutboxPolicy.PollInterval"/>.
/// </summary>
internal sealed class OutboxWorker : IAsyncDisposable
{
    private readonly IOutboxStore _outbox;
    private readonly Func<string, (RunningConfiguration Config, string Target)?> _resolve;
    private readonly ICalloutInvoker _callouts;
    private readonly Mailer _mailer;
    private readonly OutboxPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Hosting.LoopSleep _sleep;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>
    /// A worker over <paramref name="outbox"/>; <paramref name="resolve"/> gives the configuration a message's target is
    /// read in and its name there (mode x: a tenant's callout is stored as <c>tenant/NAME/CALLOUT</c>), null when its
    /// tenant was deleted.
    /// </summary>
    public OutboxWorker(IOutboxStore outbox, Func<string, (RunningConfiguration Config, string Target)?> resolve, ICalloutInvoker callouts, Mailer mailer, OutboxPolicy policy, TimeProvider time, ILogger log)
    {
        (_outbox, _resolve, _callouts, _mailer, _policy, _time, _log) = (outbox, resolve, callouts, mailer, policy, time, log);
        _sleep = new Hosting.LoopSleep(time);
        _loop = RunAsync(_stop.Token);
    }

    /// <summary>Messages were added: look at once.</summary>
    public void Wake() => _sleep.Wake();

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var done = 0;
                try
                {
                    done = await DeliverDueAsync(ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.OutboxFailed(_log, e);
                }
                // A look that delivered something looks again at once: the next report of each device is due now.
                if (done == 0)
                {
                    // A clock that moved on between reading it and starting the delay must not push the look past the due time.
                    var (delay, due) = await UntilNextDueAsync(ct).ConfigureAwait(false);
                    await _sleep.SleepAsync(delay, due, ct, () => Log.OutboxWaiting(_log)).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// Until the next message is due (measured now, so a clock that moved on meanwhile is seen), at most a poll
    /// interval, and when it is due; a poll interval when the database cannot say.
    /// </summary>
    private async Task<(TimeSpan Delay, DateTimeOffset? Due)> UntilNextDueAsync(CancellationToken ct)
    {
        try
        {
            var due = await _outbox.NextDueAsync(ct).ConfigureAwait(false);
            var left = due - _time.GetUtcNow();
            return (left is { } l ? TimeSpan.FromTicks(Math.Clamp(l.Ticks, 0, _policy.PollInterval.Ticks)) : _policy.PollInterval, due);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.OutboxFailed(_log, e);
            return (_policy.PollInterval, null);
        }
    }

    /// <summary>One look: delivers (or reschedules) every due message; returns how many were delivered or given up.</summary>
    private async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var due = await _outbox.ReadDueAsync(_time.GetUtcNow(), _policy.Batch, ct).ConfigureAwait(false);
        var done = 0;
        foreach (var message in due)
        {
            done += await DeliverAsync(message, ct).ConfigureAwait(false) ? 1 : 0;
        }
        return done;
    }

    /// <summary>Delivers one message; false when it stays pending for a later attempt.</summary>
    private async Task<bool> DeliverAsync(OutboxMessage message, CancellationToken ct)
    {
        var resolved = _resolve(message.Target);
        var input = Parse(message.Json);
        // What cannot be delivered however often it is tried is given up at once.
        var (failure, hopeless) = input is null ? ("the stored message is not a JSON object.", true)
            : resolved is not var (config, target) ? ("its tenant was deleted.", true)
            : message.Kind is EmailMessage.Kind or Core.Accounts.AccountStates.EmailKind ? await MailAsync(input, config, ct).ConfigureAwait(false)
            : await CallAsync(message, target, input, config, ct).ConfigureAwait(false);
        if (failure is null)
        {
            await _outbox.DeliveredAsync(message.Id, ct).ConfigureAwait(false);
            Metrics.OutboxDelivered(message.Kind, "delivered");
            Log.OutboxDelivered(_log, message.Id, message.Kind, message.Scope, message.Attempts + 1);
            return true;
        }
        var attempts = message.Attempts + 1;
        if (attempts >= _policy.MaxAttempts || hopeless)
        {
            await _outbox.DeadAsync(message.Id, attempts, failure, ct).ConfigureAwait(false);
            Metrics.OutboxDelivered(message.Kind, "dead");
            Log.OutboxDead(_log, message.Id, message.Kind, message.Scope, attempts, failure);
            return true;
        }
        var due = _time.GetUtcNow() + _policy.RetryAfter(attempts);
        await _outbox.RetryAsync(message.Id, due, attempts, failure, ct).ConfigureAwait(false);
        Metrics.OutboxDelivered(message.Kind, "retried");
        Log.OutboxRetry(_log, message.Id, message.Kind, message.Scope, attempts, due, failure);
        return false;
    }

    private async Task<(string? Failure, bool Hopeless)> MailAsync(JsonObject mail, RunningConfiguration config, CancellationToken ct) =>
        config.Email is { } email
            ? (await _mailer.SendAsync(email, config.Truststore, mail, ct).ConfigureAwait(false), false)
            : ("e-mail is not configured any more.", true);

    private async Task<(string? Failure, bool Hopeless)> CallAsync(OutboxMessage message, string target, JsonObject input, RunningConfiguration config, CancellationToken ct)
    {
        if (!config.DynamicCallouts.TryGetValue(target, out var callout))
        {
            return ($"the dynamic callout \"{target}\" is not configured any more.", true);
        }
        var result = await _callouts.CallAsync(callout, input, config, ct, message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
        return (result.Failure ?? (result.Error is { } error ? $"answered error {error.Tag}: {error.Message}" : null), false);
    }

    private static JsonObject? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        _sleep.Dispose();
    }
}
