namespace Sztpd.Testing;

/// <summary>
/// An external checker or peer a test runs (yanglint, nginx) is not installed. Tests that need one declare
/// <c>[Fact(SkipExceptions = [typeof(ToolMissingException)])]</c>, so a machine without it reports them skipped with
/// this message; <c>.ci/run</c> installs the tools and sets <c>SZTPD_TEST_REQUIRE_TOOLS=1</c>, under which a missing tool
/// fails the test instead (<see cref="For"/>).
/// </summary>
public sealed class ToolMissingException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The exception to throw for a missing tool: a skip locally, a failure where the tools are required.</summary>
    public static Exception For(string message, Exception? inner = null) =>
        Environment.GetEnvironmentVariable("SZTPD_TEST_REQUIRE_TOOLS") == "1"
            ? new InvalidOperationException(message + " (SZTPD_TEST_REQUIRE_TOOLS=1)", inner)
            : new ToolMissingException(message, inner);
}
