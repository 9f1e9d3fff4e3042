return await Sztpd.Server.SztpdMain.RunAsync(args).ConfigureAwait(false);
