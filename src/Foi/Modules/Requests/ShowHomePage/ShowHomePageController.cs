using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Requests.ShowHomePage;

internal sealed class ShowHomePageController(RequestListing listing) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await listing.LatestAsync(0, 10, cancellationToken));
}
