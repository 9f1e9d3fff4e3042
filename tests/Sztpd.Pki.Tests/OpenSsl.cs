namespace Sztpd.Pki.Tests;

/// <summary>The <c>openssl</c> command line for cross-checks; tests skip when it is missing.</summary>
internal static class OpenSsl
{
    private static readonly Lazy<bool> Available = new(() =>
    {
        try
        {
            return Run(["version"]).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    public static void SkipIfMissing()
    {
        if (!Available.Value)
        {
            Assert.Skip("openssl is not installed.");
        }
    }

    public static (int ExitCode, string Output, string Error) Run(IEnumerable<string> arguments) => global::Sztpd.Testing.OpenSsl.Run(arguments);
}
