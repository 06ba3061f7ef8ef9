using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Search.SearchSite;

internal sealed record SearchPage(SearchQuery Query, SearchResults Results)
{
    /// <summary>This search again with some of its parts changed; <paramref name="text"/> replaces the words.</summary>
    public string LinkTo(string? kind = null, int? page = null, SearchSort? sort = null, string? text = null)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["q"] = text ?? Query.Text,
            ["kind"] = kind ?? Query.Kind,
            ["from"] = Query.From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["to"] = Query.To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["sort"] = (sort ?? Query.Sort) == SearchSort.Newest ? "newest" : null,
            ["page"] = page is > 1 ? page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/search", parameters.Where(p => !string.IsNullOrEmpty(p.Value)));
    }
}

internal sealed record SimilarRequests(IReadOnlyList<SearchHit> ToAuthority, IReadOnlyList<SearchHit> Elsewhere);

internal sealed class SearchController(SiteSearch search) : Controller
{
    [Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Foi.Common.Web.PageCache.Policy)]
    [HttpGet("search")]
    public IActionResult Index(string? q, string? kind, string? from, string? to, string? sort, int page = 1)
    {
        Foi.Common.Web.PageCache.Tag(HttpContext, Foi.Common.Web.PageCache.SearchResults);
        var query = new SearchQuery(
            q ?? "",
            kind is "request" or "authority" or "user" ? kind : null,
            DateOnly.TryParse(from, System.Globalization.CultureInfo.InvariantCulture, out var f) ? f : null,
            DateOnly.TryParse(to, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : null,
            sort == "newest" ? SearchSort.Newest : SearchSort.Relevance,
            Math.Clamp(page, 1, 500));
        return View(new SearchPage(query, search.Search(query)));
    }

    /// <summary>A fragment for the new-request form: requests like the title being typed, to this authority and others.</summary>
    [HttpGet("search/similar")]
    public IActionResult Similar(string? title, string? authority)
    {
        var (toAuthority, elsewhere) = search.Similar(title, authority, 5);
        return PartialView("_Similar", new SimilarRequests(toAuthority, elsewhere));
    }
}
