using Foi.Common.Data;
using Foi.Modules.Authorities.Domain;
using Foi.Modules.Requests.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Authorities.ShowAuthority;

internal sealed record AuthorityFacts(
    int Id,
    string Name,
    string ShortName,
    string Slug,
    string? HomePage,
    string? Notes,
    IReadOnlyList<string> Tags,
    bool CanReceiveRequests)
{
    public static AuthorityFacts Of(Authority a) => new(a.Id, a.Name, a.ShortName, a.Slug, a.HomePage, a.Notes, a.Tags, a.CanReceiveRequests);
}

internal sealed record AuthorityPage(AuthorityFacts Authority, RequestListPage Requests);

internal sealed class ShowAuthorityController(FoiDbContext db, IRequestListing requests) : Controller
{
    private const int RequestsPerPage = 25;

    [Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Foi.Common.Web.PageCache.Policy)]
    [HttpGet("authority/{slug}")]
    public async Task<IActionResult> Index(string slug, int? before, int? after, CancellationToken cancellationToken)
    {
        var authority = await db.Set<Authority>().AsNoTracking().SingleOrDefaultAsync(a => a.Slug == slug, cancellationToken);
        if (authority is null)
        {
            return NotFound();
        }
        Foi.Common.Web.PageCache.Tag(HttpContext, Foi.Common.Web.PageCache.AuthorityTag(authority.Id), Foi.Common.Web.PageCache.Lists);
        var page = await requests.ForAuthorityAsync(authority.Id, new ListPosition(before, after), RequestsPerPage, cancellationToken);
        return page is null ? NotFound() : View(new AuthorityPage(AuthorityFacts.Of(authority), page));
    }
}
