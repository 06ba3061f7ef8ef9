using Foi.Common.Data;
using Foi.Modules.Requests.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Users.ShowProfile;

internal sealed record ProfilePage(
    int Id, string Name, string Slug, DateTimeOffset JoinedAt, RequestListPage Requests,
    string? AboutMe, bool HasActivity, string? BanReason, bool IsOwn, bool Closed = false);

internal sealed class ShowProfileController(FoiDbContext db, IRequestListing requests, IRequestActivity activity) : Controller
{
    private const int RequestsPerPage = 25;

    [Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Foi.Common.Web.PageCache.Policy)]
    [HttpGet("user/{slug}")]
    public async Task<IActionResult> Index(string slug, int? before, int? after, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Slug == slug, cancellationToken);
        if (user is null)
        {
            return NotFound();
        }
        Foi.Common.Web.PageCache.Tag(HttpContext, Foi.Common.Web.PageCache.UserTag(user.Id), Foi.Common.Web.PageCache.Lists);
        if (await requests.ForUserAsync(user.Id, new ListPosition(before, after), RequestsPerPage, cancellationToken) is not { } list)
        {
            return NotFound();
        }
        // Counting a prolific requester's fifty thousand requests to learn whether there is one cost more than the page.
        var hasActivity = list.Requests.Count > 0 || await activity.AnyAsync(user.Id, cancellationToken);
        var banned = user.BannedAt is not null;
        return View(new ProfilePage(
            user.Id, user.PublicName ?? user.Name, user.Slug, user.CreatedAt, list,
            banned ? null : user.AboutMe, // a banned account's profile text is hidden
            hasActivity,
            banned ? user.BanReason ?? "" : null,
            Foi.Common.Web.ClaimsPrincipalExtensions.AccountId(User) == user.Id,
            user.ClosedAt is not null));
    }
}
