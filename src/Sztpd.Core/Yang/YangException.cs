namespace Sztpd.Core.Yang;

/// <summary>A YANG module could not be parsed or compiled; the message names the file, the line and the problem.</summary>
public sealed class YangException : Exception
{
    public YangException()
    {
    }

    public YangException(string message)
        : base(message)
    {
    }

    public YangException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public YangException(string fileName, int line, string problem, Exception? innerException = null)
        : base($"{fileName}:{line}: {problem}", innerException)
    {
        FileName = fileName;
        Line = line;
        Problem = problem;
    }

    /// <summary>The source file the problem is in, when known.</summary>
    public string? FileName { get; }

    /// <summary>The 1-based line of the problem, 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>The problem without the location prefix.</summary>
    public string? Problem { get; }
}
