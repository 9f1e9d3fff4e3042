using Sztpd.Testing;
using Sztpd.Testing.Processes;

namespace Sztpd.Server.Tests.Infrastructure;

/// <summary>A real SMTP server on loopback for the e-mail tests.</summary>
internal static class SmtpReceiver
{
    /// <summary>tests/data/smtp-receiver.py with Debian's python3 (where python3-aiosmtpd is), demanding STARTTLS and AUTH as <paramref name="user"/>.</summary>
    public static async Task<(ScriptProcess Process, int Port)> StartAsync(TempDirectory dir, CalloutSetup setup, string user, string password)
    {
        var port = SztpdProcess.FreePort();
        var (cert, key) = setup.Server.WritePem(dir, "smtp");
        var process = await ScriptProcess.StartAsync(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3",
            "python3-aiosmtpd is not installed (`apt-get install -y python3-aiosmtpd`); .ci/run installs it.",
            TestData.Path("smtp-receiver.py"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cert", cert, "--key", key,
            "--user", user, "--password", password);
        return (process, port);
    }
}
