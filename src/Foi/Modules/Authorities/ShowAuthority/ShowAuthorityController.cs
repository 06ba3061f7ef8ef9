using Foi.Common.Data;
using Foi.Modules.Authorities.Domain;
using Foi.Modules.Requests.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Authorities.ShowAuthority;

internal sealed record AuthorityPage(Authority Authority, IReadOnlyList<RequestSummary> Requests);

internal sealed class ShowAuthorityController(FoiDbContext db, IRequestListing requests) : Controller
{
    [HttpGet("authority/{slug}")]
    public async Task<IActionResult> Index(string slug, CancellationToken cancellationToken)
    {
        var authority = await db.Set<Authority>().AsNoTracking().SingleOrDefaultAsync(a => a.Slug == slug, cancellationToken);
        if (authority is null)
        {
            return NotFound();
        }
        return View(new AuthorityPage(authority, await requests.ForAuthorityAsync(authority.Id, 200, cancellationToken)));
    }
}
