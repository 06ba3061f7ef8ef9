using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.ListRequests;

internal sealed record RequestListView(RequestListPage Page, string? Tag);

internal sealed class ListRequestsController(RequestListing listing, IAuthorityDirectory authorities) : Controller
{
    private const int PageSize = 25;

    /// <summary>All public requests, newest first, or those to the authorities carrying a tag.</summary>
    [Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Foi.Common.Web.PageCache.Policy)]
    [HttpGet("list")]
    public async Task<IActionResult> Index(int? before, int? after, string? tag, CancellationToken cancellationToken)
    {
        Foi.Common.Web.PageCache.Tag(HttpContext, Foi.Common.Web.PageCache.Lists);
        var query = listing.Listed();
        var countKey = "listed";
        tag = string.IsNullOrWhiteSpace(tag) ? null : tag.Trim();
        if (tag is not null)
        {
            var tagged = await authorities.IdsTaggedAsync(tag, cancellationToken);
            // One array parameter: EF's default of a parameter per id made a tag of 10,000 authorities plan slowly, and
            // one of more than the database's parameter limit fail.
            query = query.Where(r => EF.Parameter(tagged).Contains(r.AuthorityId));
            countKey = $"tag:{tag}";
        }
        var page = await listing.PageAsync(query, countKey, new ListPosition(before, after), PageSize, cancellationToken);
        return page is null ? NotFound() : View(new RequestListView(page, tag));
    }
}
