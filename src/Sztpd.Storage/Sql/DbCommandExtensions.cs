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
}
