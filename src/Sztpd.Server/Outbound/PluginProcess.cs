using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sztpd.Server.Outbound;

/// <summary>
/// One running plugin (docs/integration.md, "Plugins"): an executable spoken to over JSON lines on its standard input
/// and output. It first says which functions it has; then each request line carries an id, and its answer line the
/// same id, so calls may overlap. Its standard error is logged. Answers longer than the limit end the process.
/// </summary>
internal sealed class PluginProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly int _maxLine;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly Task _reader;
    private readonly TaskCompletionSource<IReadOnlyList<string>> _functions = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly char[] _buffer = new char[8192];
    private int _start;
    private int _end;
    private long _nextId;

    private PluginProcess(Process process, DateTime written, int maxLine, Action<string> stderr)
    {
        (_process, Written, _maxLine) = (process, written, maxLine);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                stderr(line);
            }
        };
        process.BeginErrorReadLine();
        _reader = ReadAsync();
    }

    /// <summary>When the executable was last written, as this process was started from it.</summary>
    public DateTime Written { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="path"/> in its folder.</summary>
    public static PluginProcess Start(string path, int maxLine, Action<string> stderr)
    {
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(path)!,
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        var written = File.GetLastWriteTimeUtc(path);
        return new PluginProcess(Process.Start(info) ?? throw new InvalidOperationException($"{path} did not start."), written, maxLine, stderr);
    }

    /// <summary>The functions the plugin said it has (its first line).</summary>
    public Task<IReadOnlyList<string>> FunctionsAsync(CancellationToken ct) => _functions.Task.WaitAsync(ct);

    /// <summary>Sends one call and awaits its answer line: an object with <c>output</c>, <c>error</c> or <c>exception</c>.</summary>
    public async Task<JsonObject> CallAsync(string function, JsonObject input, string? opaque, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        try
        {
            var line = new JsonObject { ["id"] = id, ["function"] = function, ["input"] = input.DeepClone(), ["opaque"] = opaque }.ToJsonString();
            await _write.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await _process.StandardInput.WriteLineAsync(line.AsMemory(), ct).ConfigureAwait(false);
                await _process.StandardInput.FlushAsync(ct).ConfigureAwait(false);
            }
            finally
            {
                _write.Release();
            }
            return await answer.Task.WaitAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Reads answer lines until the process ends; then every pending call fails.</summary>
    private async Task ReadAsync()
    {
        var failure = "the plugin exited.";
        try
        {
            while (await ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                var message = JsonNode.Parse(line) as JsonObject ?? throw new JsonException("not a JSON object");
                if (!_functions.Task.IsCompleted)
                {
                    _functions.TrySetResult([.. (message["functions"] as JsonArray ?? []).Select(f => (string)f!)]);
                }
                else if ((long?)message["id"] is { } id && _pending.TryGetValue(id, out var call))
                {
                    call.TrySetResult(message);
                }
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or IOException)
        {
            failure = $"the plugin wrote what is not an answer line ({e.Message}); it was stopped.";
            Kill();
        }
        var exited = new InvalidOperationException(failure);
        _functions.TrySetException(exited);
        foreach (var call in _pending.Values)
        {
            call.TrySetException(exited);
        }
    }

    /// <summary>One line of the plugin's output, at most the limit long (longer ends the process); null at its end.</summary>
    private async Task<string?> ReadLineAsync()
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end)
            {
                (_start, _end) = (0, await _process.StandardOutput.ReadAsync(_buffer.AsMemory()).ConfigureAwait(false));
                if (_end == 0)
                {
                    return line.Length > 0 ? line.ToString() : null;
                }
            }
            var newline = Array.IndexOf(_buffer, '\n', _start, _end - _start);
            var take = (newline < 0 ? _end : newline) - _start;
            if (line.Length + take > _maxLine)
            {
                throw new InvalidOperationException($"a line longer than {_maxLine} characters");
            }
            line.Append(_buffer, _start, take);
            _start += take;
            if (newline >= 0)
            {
                _start++;
                return line.ToString();
            }
        }
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _reader.ConfigureAwait(false);
        _process.Dispose();
        _write.Dispose();
    }
}
