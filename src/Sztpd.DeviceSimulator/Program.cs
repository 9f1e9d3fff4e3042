using Sztpd.DeviceSimulator.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await Commands.RunAsync(args, Console.Out, Console.Error, cancel.Token).ConfigureAwait(false);
