using System.Runtime.InteropServices;

namespace Sztpd.DeviceSimulator.Device;

/// <summary>The names of the device profiles on the command line, and what a profile changes in the whole process.</summary>
public static partial class DeviceProfiles
{
    /// <summary>The profiles by their command-line (and sztpd <c>device-profile</c>) names.</summary>
    public static IReadOnlyDictionary<string, DeviceProfile> ByName { get; } = new Dictionary<string, DeviceProfile>(StringComparer.Ordinal)
    {
        ["generic"] = DeviceProfile.Generic,
        ["cisco-ios-xe"] = DeviceProfile.CiscoIosXe,
        ["arista-eos"] = DeviceProfile.AristaEos,
    };

    /// <summary>The name of <paramref name="profile"/>, as <see cref="ByName"/> has it.</summary>
    public static string NameOf(DeviceProfile profile) => ByName.Single(p => p.Value == profile).Key;

    /// <summary>The OpenSSL configuration of a Cisco IOS XE switch's TLS client, next to sztp-device's assembly.</summary>
    public static string CiscoIosXeOpenSslConfiguration => Path.Combine(AppContext.BaseDirectory, "cisco-ios-xe-openssl.cnf");

    /// <summary>
    /// Makes this process's TLS client behave as <paramref name="profile"/>'s devices where .NET has no per-connection
    /// setting: for cisco-ios-xe, an RSA key signs only with PKCS #1 v1.5 (so it can sign in TLS 1.2 only) and a SHA-1
    /// signed SUDI chain may be sent. OpenSSL reads <c>OPENSSL_CONF</c> once, when the process first uses it, so this must
    /// run before any certificate or key is loaded; sztp-device's commands call it first. Process-wide is right here:
    /// the process is the device. Returns false when nothing was changed (another profile, or not on Linux).
    /// </summary>
    public static bool UseInThisProcess(DeviceProfile profile)
    {
        if (profile != DeviceProfile.CiscoIosXe || !OperatingSystem.IsLinux())
        {
            return false;
        }

        if (SetEnvironmentVariable("OPENSSL_CONF", CiscoIosXeOpenSslConfiguration, 1) != 0)
        {
            throw new InvalidOperationException($"OPENSSL_CONF could not be set: error {Marshal.GetLastPInvokeError()}.");
        }

        return true;
    }

    // .NET's Environment.SetEnvironmentVariable changes only its own copy on Unix; OpenSSL reads the C library's.
    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnvironmentVariable(string name, string value, int overwrite);
}
