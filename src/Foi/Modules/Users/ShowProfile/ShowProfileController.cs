using Foi.Common.Data;
using Foi.Modules.Requests.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Users.ShowProfile;

internal sealed record ProfilePage(string Name, string Slug, DateTimeOffset JoinedAt, IReadOnlyList<RequestSummary> Requests);

internal sealed class ShowProfileController(FoiDbContext db, IRequestListing requests) : Controller
{
    [HttpGet("user/{slug}")]
    public async Task<IActionResult> Index(string slug, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Slug == slug, cancellationToken);
        if (user is null)
        {
            return NotFound();
        }
        var list = await requests.ForUserAsync(user.Id, 200, cancellationToken);
        return View(new ProfilePage(user.Name, user.Slug, user.CreatedAt, list));
    }
}
