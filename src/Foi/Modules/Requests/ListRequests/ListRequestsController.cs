using Foi.Modules.Requests.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.ListRequests;

internal sealed record RequestListPage(IReadOnlyList<RequestSummary> Requests, int Page, bool HasNext);

internal sealed class ListRequestsController(RequestListing listing) : Controller
{
    private const int PageSize = 25;

    [HttpGet("list")]
    public async Task<IActionResult> Index(int page = 1, CancellationToken cancellationToken = default)
    {
        page = Math.Clamp(page, 1, 10_000);
        var requests = await listing.LatestAsync((page - 1) * PageSize, PageSize, cancellationToken);
        var total = await listing.Listed().CountAsync(cancellationToken);
        return View(new RequestListPage(requests, page, page * PageSize < total));
    }
}
