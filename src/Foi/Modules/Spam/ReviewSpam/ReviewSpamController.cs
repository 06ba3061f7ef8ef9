using Foi.Common.Data;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Spam.Domain;
using Foi.Modules.Users.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Spam.ReviewSpam;

internal sealed record FlaggedAccount(SpamAssessment Assessment, UserProfile Profile, UserSummary? Summary, UserActivity Activity);

internal sealed record AccountPage(UserProfile Profile, UserSummary? Summary, SpamAssessment? Assessment, UserActivity Activity, IReadOnlyList<SpamAction> Actions);

/// <summary>The queue of flagged accounts, highest score first, and the actions on them: ban, not spam, or leave.</summary>
[Authorize(Roles = Roles.Admin)]
internal sealed class ReviewSpamController(FoiDbContext db, IUserProfiles profiles, IUserDirectory users, IRequestActivity activity, TimeProvider time) : Controller
{
    [HttpGet("admin/spam")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var flagged = await db.Set<SpamAssessment>().AsNoTracking().Where(a => a.Verdict == SpamVerdict.Flagged)
            .OrderByDescending(a => a.Score).Take(200).ToListAsync(cancellationToken);
        // One query per kind of fact, however many accounts are flagged.
        var ids = flagged.Select(a => a.UserId).ToList();
        var summaries = await users.FindManyAsync(ids, cancellationToken);
        var profilesById = await profiles.GetManyAsync(ids, cancellationToken);
        var activities = await activity.OfManyAsync(ids, cancellationToken);
        var items = flagged
            .Where(a => profilesById.ContainsKey(a.UserId))
            .Select(a => new FlaggedAccount(a, profilesById[a.UserId], summaries.GetValueOrDefault(a.UserId), activities.GetValueOrDefault(a.UserId) ?? new UserActivity(0, 0)))
            .ToList();
        return View(items);
    }

    /// <summary>The length of the reason columns (the profile's ban reason and the spam action's).</summary>
    private const int MaxReasonLength = 500;

    [HttpPost("admin/spam/review")]
    public async Task<IActionResult> Review(List<int> ids, string? action, string? reason, CancellationToken cancellationToken)
    {
        if (ids.Count == 0 || action is not ("ban" or "not_spam" or "leave"))
        {
            TempData["Notice"] = "Tick at least one account and choose what to do.";
            return Redirect("/admin/spam");
        }
        if (action == "ban" && string.IsNullOrWhiteSpace(reason))
        {
            TempData["Notice"] = "A ban needs a reason: it is shown on the profile.";
            return Redirect("/admin/spam");
        }
        if (reason?.Trim().Length > MaxReasonLength)
        {
            TempData["Notice"] = $"A reason is at most {MaxReasonLength} characters.";
            return Redirect("/admin/spam");
        }
        foreach (var id in ids)
        {
            await ApplyAsync(id, action, reason?.Trim(), cancellationToken);
        }
        TempData["Notice"] = $"{(action == "ban" ? "Banned" : action == "not_spam" ? "Marked as not spam" : "Left")}: {ids.Count} account(s).";
        return Redirect("/admin/spam");
    }

    [HttpGet("admin/spam/lists")]
    public async Task<IActionResult> Lists(CancellationToken cancellationToken) =>
        View(await db.Set<SpamListEntry>().AsNoTracking().OrderBy(e => e.List).ThenBy(e => e.Value).ToListAsync(cancellationToken));

    [HttpPost("admin/spam/lists")]
    public async Task<IActionResult> AddToList(string? list, string? value, CancellationToken cancellationToken)
    {
        if (list is null || !SpamListEntry.Lists.Contains(list) || string.IsNullOrWhiteSpace(value) || value.Length > 200)
        {
            TempData["Notice"] = "Choose a list and give a value (at most 200 characters).";
            return Redirect("/admin/spam/lists");
        }
        var normalised = value.Trim().ToLowerInvariant();
        if (!await db.Set<SpamListEntry>().AnyAsync(e => e.List == list && e.Value == normalised, cancellationToken))
        {
            db.Add(SpamListEntry.Add(list, normalised, User.Identity?.Name ?? "admin", time.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
        }
        TempData["Notice"] = $"Added {normalised} to {list}. Run spam rescore to apply it to existing accounts.";
        return Redirect("/admin/spam/lists");
    }

    [HttpPost("admin/spam/lists/{id:int}/delete")]
    public async Task<IActionResult> RemoveFromList(int id, CancellationToken cancellationToken)
    {
        await db.Set<SpamListEntry>().Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken);
        return Redirect("/admin/spam/lists");
    }

    [HttpGet("admin/users/{id:int}")]
    public async Task<IActionResult> Account(int id, CancellationToken cancellationToken)
    {
        var profile = await profiles.GetAsync(id, cancellationToken);
        if (profile is null)
        {
            return NotFound();
        }
        return View(new AccountPage(
            profile,
            await users.FindAsync(id, cancellationToken),
            await db.Set<SpamAssessment>().AsNoTracking().SingleOrDefaultAsync(a => a.UserId == id, cancellationToken),
            await activity.OfAsync(id, cancellationToken),
            await db.Set<SpamAction>().AsNoTracking().Where(a => a.UserId == id).OrderByDescending(a => a.At).ToListAsync(cancellationToken)));
    }

    [HttpPost("admin/users/{id:int}/ban")]
    public async Task<IActionResult> Ban(int id, string? reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            TempData["Notice"] = "A ban needs a reason: it is shown on the profile.";
            return Redirect($"/admin/users/{id}");
        }
        if (reason.Trim().Length > MaxReasonLength)
        {
            TempData["Notice"] = $"A reason is at most {MaxReasonLength} characters.";
            return Redirect($"/admin/users/{id}");
        }
        await ApplyAsync(id, "ban", reason.Trim(), cancellationToken);
        return Redirect($"/admin/users/{id}");
    }

    [HttpPost("admin/users/{id:int}/trust")]
    public async Task<IActionResult> Trust(int id, bool trusted, CancellationToken cancellationToken)
    {
        if (await profiles.GetAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }
        await profiles.SetTrustedAsync(id, trusted, cancellationToken);
        db.Add(SpamAction.Record(id, trusted ? "trust" : "distrust", null, User.Identity?.Name ?? "admin", time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return Redirect($"/admin/users/{id}");
    }

    [HttpPost("admin/users/{id:int}/unban")]
    public async Task<IActionResult> Unban(int id, CancellationToken cancellationToken)
    {
        await ApplyAsync(id, "unban", null, cancellationToken);
        return Redirect($"/admin/users/{id}");
    }

    private async Task ApplyAsync(int userId, string action, string? reason, CancellationToken cancellationToken)
    {
        if (await profiles.GetAsync(userId, cancellationToken) is null)
        {
            return;
        }
        var assessment = await db.Set<SpamAssessment>().SingleOrDefaultAsync(a => a.UserId == userId, cancellationToken);
        switch (action)
        {
            case "ban":
                await profiles.SetBanAsync(userId, reason, cancellationToken);
                assessment?.Review(SpamVerdict.Banned);
                break;
            case "unban":
                await profiles.SetBanAsync(userId, null, cancellationToken);
                assessment?.Review(SpamVerdict.NotSpam);
                break;
            case "not_spam":
                assessment?.Review(SpamVerdict.NotSpam);
                break;
        }
        db.Add(SpamAction.Record(userId, action, reason, User.Identity?.Name ?? "admin", time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
    }
}
