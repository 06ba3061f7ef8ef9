using Foi.Common.Site;
using Foi.Common.Web;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Search.SearchApi;

/// <summary>One thing a search found.</summary>
/// <param name="Kind">"request", "authority" or "user".</param>
/// <param name="Title">Its title or name.</param>
/// <param name="Url">Its page on the site.</param>
/// <param name="SnippetHtml">The passage that matched, HTML-escaped, the matching words in &lt;mark&gt;.</param>
/// <param name="StatusLabel">For a request, its status as the page says it; otherwise null.</param>
/// <param name="AuthorityName">For a request, the authority's name; otherwise null.</param>
/// <param name="RequesterName">For a request, the requester's name as shown on the site; otherwise null.</param>
/// <param name="CreatedAt">When it was made, for requests and people; otherwise null.</param>
internal sealed record ApiSearchHit(string Kind, string Title, string Url, string SnippetHtml, string? StatusLabel, string? AuthorityName,
    string? RequesterName, DateTimeOffset? CreatedAt);

/// <summary>One page of search results.</summary>
/// <param name="Items">This page's results, best (or newest) first.</param>
/// <param name="Total">How many things of the chosen kind match.</param>
/// <param name="Kinds">How many match of each kind.</param>
/// <param name="Statuses">How many matching requests have each status.</param>
/// <param name="Note">Said when part of the query was ignored (such as syntax that did not parse); null otherwise.</param>
/// <param name="Next">The `page` to ask for next, or null on the last page.</param>
internal sealed record ApiSearchPage(IReadOnlyList<ApiSearchHit> Items, int Total, IReadOnlyDictionary<string, int> Kinds,
    IReadOnlyDictionary<string, int> Statuses, string? Note, int? Next);

/// <summary>The site's search: the same query language and results as the search page.</summary>
[ApiController]
[Tags("Search")]
[EnableCors(ApiSetup.Cors)]
[EnableRateLimiting(ApiSetup.RateLimit)]
[Produces("application/json")]
internal sealed class SearchApiController(SiteSearch search, IOptions<SiteOptions> site) : ControllerBase
{
    private const int MaxPage = 500;

    /// <summary>Searches requests, their correspondence and attachments, authorities and people.</summary>
    /// <param name="q">Words, "a phrase", AND/OR/NOT, and field:value (status, authority, requested_by, filetype, tag).</param>
    /// <param name="kind">Only this kind: request, authority or user.</param>
    /// <param name="from">Made on or after this day (the site's time zone).</param>
    /// <param name="to">Made on or before this day.</param>
    /// <param name="sort">relevance (default) or newest.</param>
    /// <param name="page">Which page of 20, from 1 to 500.</param>
    [HttpGet("api/v1/search")]
    [ProducesResponseType<ApiSearchPage>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    public ActionResult<ApiSearchPage> Search(string? q, string? kind, DateOnly? from, DateOnly? to, string? sort, int page = 1)
    {
        if (kind is not (null or "request" or "authority" or "user"))
        {
            return Problem("kind must be request, authority or user", statusCode: StatusCodes.Status400BadRequest);
        }
        if (sort is not (null or "relevance" or "newest"))
        {
            return Problem("sort must be relevance or newest", statusCode: StatusCodes.Status400BadRequest);
        }
        if (page is < 1 or > MaxPage)
        {
            return Problem($"page must be from 1 to {MaxPage}", statusCode: StatusCodes.Status400BadRequest);
        }
        var results = search.Search(new SearchQuery(q ?? "", kind, from, to, sort == "newest" ? SearchSort.Newest : SearchSort.Relevance, page));
        if (!results.IndexReady)
        {
            Response.Headers.RetryAfter = "60";
            return Problem("the search index is being built; ask again in a minute", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        var more = page < MaxPage && page * SearchQuery.PageSize < results.Total;
        return new ApiSearchPage(
            results.Hits.Select(h => new ApiSearchHit(h.Kind, h.Title, site.Value.BaseUrl.TrimEnd('/') + h.Url, h.SnippetHtml, h.StatusLabel, h.AuthorityName, h.RequesterName, h.CreatedAt)).ToList(),
            results.Total, results.KindCounts, results.StatusCounts, results.Note, more ? page + 1 : null);
    }
}
