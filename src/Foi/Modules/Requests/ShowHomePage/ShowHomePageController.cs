using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Requests.ShowHomePage;

internal sealed class ShowHomePageController(RequestListing listing) : Controller
{
    [Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Foi.Common.Web.PageCache.Policy)]
    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        Foi.Common.Web.PageCache.Tag(HttpContext, Foi.Common.Web.PageCache.Lists);
        return View(await listing.LatestAsync(10, cancellationToken));
    }
}
