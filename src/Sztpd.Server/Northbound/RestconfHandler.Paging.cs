using System.Globalization;
using Sztpd.Core.Datastore;
using Sztpd.Core.Restconf;

namespace Sztpd.Server.Northbound;

internal sealed partial class RestconfHandler
{
    private static readonly string[] PagingParameters = ["limit", "offset", "direction"];

    /// <summary>
    /// The log paging of a GET: <c>limit</c> (1 or more), <c>offset</c> (0 or more) and <c>direction</c>
    /// (<c>forwards</c>, the default, oldest first; or <c>backwards</c>) of draft-ietf-netconf-list-pagination, applied
    /// to every log-entry list of the answer; no other query parameter is recognized on a read.
    /// </summary>
    private LogPaging? ParsePaging(HttpContext ctx, out RestconfError? error)
    {
        error = null;
        var query = ctx.Request.Query;
        var max = state.Limits.MaxAnswerLogEntries;
        if (query.Keys.FirstOrDefault(k => !PagingParameters.Contains(k)) is { } unknown)
        {
            error = RestconfError.InvalidValue($"The parameter \"{unknown}\" is not recognized on a read; \"limit\", \"offset\" and \"direction\" page the log entries.") with { Type = "protocol" };
            return null;
        }
        int? limit = null;
        if (query.ContainsKey("limit"))
        {
            if (!int.TryParse(query["limit"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var l) || l < 1)
            {
                error = RestconfError.InvalidValue("The \"limit\" parameter must be an integer, at least 1.") with { Type = "protocol" };
                return null;
            }
            limit = l;
        }
        long offset = 0;
        if (query.ContainsKey("offset") && !long.TryParse(query["offset"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            error = RestconfError.InvalidValue("The \"offset\" parameter must be an integer, at least 0.") with { Type = "protocol" };
            return null;
        }
        var direction = query.ContainsKey("direction") ? query["direction"].ToString() : "forwards";
        if (direction is not ("forwards" or "backwards"))
        {
            error = RestconfError.InvalidValue("The \"direction\" parameter must be \"forwards\" or \"backwards\".") with { Type = "protocol" };
            return null;
        }
        return new LogPaging(limit, offset, direction == "backwards", max);
    }
}
