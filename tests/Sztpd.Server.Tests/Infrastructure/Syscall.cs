using System.Runtime.InteropServices;

namespace Sztpd.Server.Tests.Infrastructure;

internal static partial class Syscall
{
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
