using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Search.SearchSite;

/// <summary>
/// The "has this been asked already?" box for other modules' pages to include by name
/// (<c>Component.InvokeAsync("SimilarRequests", ...)</c>): the request preview shows it, so a citizen without
/// JavaScript sees it too. Included by name rather than by type, so the page's module does not depend on Search.
/// </summary>
[ViewComponent(Name = "SimilarRequests")]
internal sealed class SimilarRequestsViewComponent(SiteSearch search) : ViewComponent
{
    public IViewComponentResult Invoke(string? title, string? authority)
    {
        var (toAuthority, elsewhere) = search.Similar(title, authority, 5);
        return View("/Modules/Search/SearchSite/_Similar.cshtml", new SimilarRequests(toAuthority, elsewhere));
    }
}
