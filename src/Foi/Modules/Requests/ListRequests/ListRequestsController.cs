using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.Contracts;
using Microsoft.AspNetCore.Mvc;

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
            var tagged = authorities.IdsTagged(tag);
            query = query.Where(r => tagged.Contains(r.AuthorityId));
            countKey = $"tag:{tag}";
        }
        var page = await listing.PageAsync(query, countKey, new ListPosition(before, after), PageSize, cancellationToken);
        return page is null ? NotFound() : View(new RequestListView(page, tag));
    }
}
