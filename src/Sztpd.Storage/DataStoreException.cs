namespace Sztpd.Storage;

/// <summary>
/// The database cannot be used (unreachable, authentication refused, TLS failure, schema too new…).
/// The message is one sentence meant for the operator, never contains a password, and is printed without a stack trace.
/// </summary>
public sealed class DataStoreException : Exception
{
    public DataStoreException()
    {
    }

    public DataStoreException(string message)
        : base(message)
    {
    }

    public DataStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
