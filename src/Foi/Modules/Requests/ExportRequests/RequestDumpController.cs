using Foi.Common.Site;
using Foi.Common.Web;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Foi.Modules.Requests.ExportRequests;

/// <summary>Where the dump of every public request is, and how large and fresh.</summary>
/// <param name="Url">Where to download it: gzipped JSON lines, one request per line in the shape of /api/v1/requests/{slug}.</param>
/// <param name="Size">Its size in bytes, compressed.</param>
/// <param name="CreatedAt">When it was written; it is written again every day.</param>
internal sealed record ApiDump(string Url, long Size, DateTimeOffset CreatedAt);

[ApiController]
[Tags("Everything at once")]
internal sealed class RequestDumpController(RequestDump dump, IOptions<SiteOptions> site) : ControllerBase
{
    /// <summary>The dump of every public request with its correspondence as published.</summary>
    [HttpGet("api/v1/dumps/requests")]
    [EnableCors(ApiSetup.Cors)]
    [EnableRateLimiting(ApiSetup.RateLimit)]
    [Produces("application/json")]
    [ProducesResponseType<ApiDump>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public ActionResult<ApiDump> Describe() =>
        dump.Current() is { } current
            ? new ApiDump($"{site.Value.BaseUrl.TrimEnd('/')}/exports/{RequestDump.FileName}", current.Size, current.CreatedAt)
            : Problem("the dump has not been written yet; it is written a few minutes after the site starts, then daily", statusCode: StatusCodes.Status404NotFound);

    /// <summary>The file itself, outside /api/v1 so it streams from disk (with ranges, for resumed downloads) rather than through the API's ETag buffer.</summary>
    [HttpGet("exports/" + RequestDump.FileName)]
    [ApiExplorerSettings(IgnoreApi = true)]
    public IActionResult Download()
    {
        if (dump.Current() is not { } current)
        {
            return NotFound();
        }
        var etag = new EntityTagHeaderValue($"\"{current.Size:x}-{current.CreatedAt.ToUnixTimeSeconds():x}\"");
        return PhysicalFile(dump.FilePath, "application/gzip", RequestDump.FileName, current.CreatedAt, etag, enableRangeProcessing: true);
    }
}
