using System.Data.Common;

namespace Sztpd.Storage.Sql;

internal static class DbCommandExtensions
{
    /// <summary>Adds a parameter named <paramref name="name"/> (with its @) and returns the command.</summary>
    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>The parameter names <see cref="WithEach"/> binds for <paramref name="count"/> values: <c>@P0, @P1, ...</c> (for an <c>IN (...)</c>).</summary>
    public static string Placeholders(string prefix, int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => $"@{prefix}{i}"));

    /// <summary>Binds <paramref name="values"/> to the names of <see cref="Placeholders"/> and returns the command.</summary>
    public static DbCommand WithEach<T>(this DbCommand command, string prefix, IReadOnlyList<T> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            command.With($"@{prefix}{i}", values[i]);
        }
        return command;
    }
}
