using Foi.Common.Data;
using Foi.Common.Web;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Users.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.FollowThings;

/// <summary>One follow as the following page lists it.</summary>
internal sealed record FollowRow(int Id, string What, string Link, string Feed, DateTimeOffset Since);

internal sealed record FollowingPage(IReadOnlyList<FollowRow> Follows, int DigestHour);

[Authorize]
internal sealed class FollowController(FoiDbContext db, FollowDescriptions descriptions, Happenings happenings,
    Microsoft.Extensions.Options.IOptions<RequestsOptions> options, TimeProvider time) : Controller
{
    [HttpPost("follow")]
    public async Task<IActionResult> Follow(FollowKind kind, int target, string? query, string? returnUrl, CancellationToken cancellationToken)
    {
        var back = LocalUrls.OrNull(returnUrl, Url) ?? "/account/following";
        query = kind == FollowKind.Search ? (query ?? "").Trim() : "";
        if (kind == FollowKind.Search && query.Length is 0 or > Domain.Follow.MaxQuery)
        {
            TempData["Notice"] = $"A search to follow has from 1 to {Domain.Follow.MaxQuery} characters.";
            return Redirect(back);
        }
        if (!Enum.IsDefined(kind) || await descriptions.DescribeAsync(kind, target, cancellationToken, query) is not { } thing)
        {
            TempData["Notice"] = "There is nothing there to follow.";
            return Redirect(back);
        }
        var userId = User.AccountId()!.Value;
        var targetId = Domain.Follow.IsSiteWide(kind) ? 0 : target;
        if (!await db.Set<Follow>().AnyAsync(f => f.UserId == userId && f.Kind == kind && f.TargetId == targetId && f.Query == query, cancellationToken))
        {
            db.Add(Domain.Follow.Start(userId, kind, targetId, await happenings.LatestIdAsync(cancellationToken), time.GetUtcNow(), query));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
            {
                // The same follow from a second click that raced this one.
            }
        }
        TempData["Notice"] = $"You are following {thing.What}. Once a day we email you what happened; see what you follow on your following page.";
        return Redirect(back);
    }

    [HttpGet("account/following")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var userId = User.AccountId();
        var follows = await db.Set<Follow>().AsNoTracking().Where(f => f.UserId == userId).OrderBy(f => f.CreatedAt).ToListAsync(cancellationToken);
        var rows = new List<FollowRow>();
        foreach (var follow in follows)
        {
            var thing = await descriptions.DescribeAsync(follow.Kind, follow.TargetId, cancellationToken, follow.Query);
            rows.Add(new FollowRow(follow.Id, thing?.What ?? "something no longer on the site", thing?.Link ?? "/", thing?.Feed ?? "", follow.CreatedAt));
        }
        return View("~/Modules/Requests/FollowThings/Following.cshtml", new FollowingPage(rows, options.Value.DigestHour));
    }

    [HttpPost("account/following/{id:int}/stop")]
    public async Task<IActionResult> Stop(int id, CancellationToken cancellationToken)
    {
        var userId = User.AccountId();
        var stopped = await db.Set<Follow>().Where(f => f.Id == id && f.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        TempData["Notice"] = stopped == 1 ? "You no longer follow that." : "You were not following that.";
        return Redirect("/account/following");
    }

    [HttpPost("account/following/stop-all")]
    public async Task<IActionResult> StopAll(CancellationToken cancellationToken)
    {
        var userId = User.AccountId();
        await db.Set<Follow>().Where(f => f.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        TempData["Notice"] = "You follow nothing now, and we will send you no more alerts.";
        return Redirect("/account/following");
    }
}

/// <summary>A followed thing's name, page and feed.</summary>
internal sealed record FollowedThing(string What, string Link, string Feed);

/// <summary>Names followed things for pages and alerts, or null when the thing is gone or not public.</summary>
internal sealed class FollowDescriptions(FoiDbContext db, IAuthorityDirectory authorities, IUserDirectory users, Redaction.CensorRules censor)
{
    public async Task<FollowedThing?> DescribeAsync(FollowKind kind, int target, CancellationToken cancellationToken, string? query = null)
    {
        switch (kind)
        {
            case FollowKind.Request:
                var request = await db.Set<InfoRequest>().AsNoTracking()
                    .Where(r => r.Id == target && r.HiddenAt == null && r.State != RequestState.Vexatious)
                    .Select(r => new { r.Id, r.Slug, r.Title, r.AuthorityId, r.UserId }).SingleOrDefaultAsync(cancellationToken);
                if (request is null)
                {
                    return null;
                }
                var title = (await censor.CurrentAsync(cancellationToken)).For(request.Id, request.AuthorityId, request.UserId).Apply(request.Title);
                return new FollowedThing($"the request \"{title}\"", $"/request/{request.Slug}", $"/feed/request/{request.Slug}");
            case FollowKind.Authority:
                var authority = await authorities.FindAsync(target, cancellationToken);
                return authority is null ? null : new FollowedThing($"requests to {authority.Name}", $"/authority/{authority.Slug}", $"/feed/authority/{authority.Slug}");
            case FollowKind.Person:
                var person = await users.FindAsync(target, cancellationToken);
                return person is null || person.IsBanned ? null : new FollowedThing($"requests by {person.Name}", $"/user/{person.Slug}", $"/feed/user/{person.Slug}");
            case FollowKind.NewRequests:
                return new FollowedThing("all new requests", "/list", "/feed/list");
            case FollowKind.SuccessfulRequests:
                return new FollowedThing("all successful requests", "/list", "/feed/successful");
            case FollowKind.Search when !string.IsNullOrWhiteSpace(query):
                var q = Uri.EscapeDataString(query);
                return new FollowedThing($"requests found by the search \u201c{query}\u201d", $"/search?q={q}", $"/feed/search?q={q}");
            default:
                return null;
        }
    }
}
