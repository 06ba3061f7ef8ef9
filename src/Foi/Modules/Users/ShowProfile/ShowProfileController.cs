using Foi.Common.Data;
using Foi.Modules.Requests.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Users.ShowProfile;

internal sealed record ProfilePage(
    int Id, string Name, string Slug, DateTimeOffset JoinedAt, IReadOnlyList<RequestSummary> Requests,
    string? AboutMe, bool HasActivity, string? BanReason, bool IsOwn, bool Closed = false);

internal sealed class ShowProfileController(FoiDbContext db, IRequestListing requests, IRequestActivity activity) : Controller
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
        var done = await activity.OfAsync(user.Id, cancellationToken);
        var banned = user.BannedAt is not null;
        return View(new ProfilePage(
            user.Id, user.PublicName ?? user.Name, user.Slug, user.CreatedAt, list,
            banned ? null : user.AboutMe, // a banned account's profile text is hidden
            done.Requests + done.Annotations > 0,
            banned ? user.BanReason ?? "" : null,
            Foi.Common.Web.ClaimsPrincipalExtensions.AccountId(User) == user.Id,
            user.ClosedAt is not null));
    }
}
