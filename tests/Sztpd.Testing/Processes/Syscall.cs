using System.Runtime.InteropServices;

namespace Sztpd.Testing.Processes;

public static partial class Syscall
{
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
