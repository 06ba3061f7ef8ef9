using System.Globalization;
using System.Text.RegularExpressions;
using Foi.Common.Data;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Mail.RouteMail;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Users.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Mail.ManageHoldingPen;

internal sealed record HeldItem(IncomingMail Mail, IReadOnlyList<(RequestInboxInfo Request, string Why)> Guesses);

internal sealed record HoldingPenPage(IReadOnlyList<HeldItem> Held, IReadOnlyList<IncomingMail> Bounces, IReadOnlyList<BlockedAddress> Blocked, string? Error)
{
    /// <summary>Mail whose routing failed again and again: the error, and a way to try once more.</summary>
    public IReadOnlyList<IncomingMail> SetAside { get; init; } = [];
}

[Authorize(Roles = Roles.Admin)]
[Route("admin/holding-pen")]
internal sealed partial class HoldingPenController(
    FoiDbContext db,
    MailRouter router,
    IRequestInbox requests,
    IAuthorityDirectory authorities,
    IRequestAddresses addresses,
    Foi.Modules.Mail.RouteMail.StoredMailSignal signal,
    ILogger<HoldingPenController> logger) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View(await PageAsync(null, cancellationToken));

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Show(Guid id, CancellationToken cancellationToken)
    {
        var mail = await db.Set<IncomingMail>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        return mail is null ? NotFound() : View(mail);
    }

    [HttpPost("{id:guid}/deliver/{requestId:int}")]
    public async Task<IActionResult> Deliver(Guid id, int requestId, CancellationToken cancellationToken)
    {
        if (await requests.FindAsync(requestId, cancellationToken) is null || !await db.Set<IncomingMail>().AnyAsync(m => m.Id == id, cancellationToken))
        {
            return NotFound();
        }
        await router.RedeliverAsync(id, requestId, User.Identity?.Name ?? "admin", cancellationToken);
        TempData["Notice"] = $"Delivered to request {requestId}.";
        return Redirect("/admin/holding-pen");
    }

    /// <summary>Routes a set-aside message again from the start (after the cause was fixed).</summary>
    [HttpPost("{id:guid}/retry")]
    public async Task<IActionResult> Retry(Guid id, CancellationToken cancellationToken)
    {
        if (await db.Set<IncomingMail>().SingleOrDefaultAsync(m => m.Id == id, cancellationToken) is not { } mail)
        {
            return NotFound();
        }
        mail.RouteAgain();
        await db.SaveChangesAsync(cancellationToken);
        signal.Wake();
        TempData["Notice"] = "The message will be routed again in a moment.";
        return Redirect("/admin/holding-pen");
    }

    [HttpPost("bulk")]
    public async Task<IActionResult> Bulk(List<Guid> ids, string? action, string? request, string? reason, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return View("Index", await PageAsync("Tick at least one message.", cancellationToken));
        }
        var mails = await db.Set<IncomingMail>().Where(m => ids.Contains(m.Id)).ToListAsync(cancellationToken);
        if (action == "discard")
        {
            if (string.IsNullOrWhiteSpace(reason))
            {
                return View("Index", await PageAsync("Give a reason for discarding.", cancellationToken));
            }
            foreach (var mail in mails)
            {
                mail.Discard($"{reason.Trim()} ({User.Identity?.Name})");
            }
            await db.SaveChangesAsync(cancellationToken);
            TempData["Notice"] = $"Discarded {mails.Count} message(s).";
            return Redirect("/admin/holding-pen");
        }
        var target = await ResolveAsync(request, cancellationToken);
        if (target is null)
        {
            return View("Index", await PageAsync("No request matches that id, address or URL.", cancellationToken));
        }
        foreach (var mail in mails)
        {
            await router.RedeliverAsync(mail.Id, target.Id, User.Identity?.Name ?? "admin", cancellationToken);
        }
        TempData["Notice"] = $"Delivered {mails.Count} message(s) to “{target.Title}”.";
        return Redirect("/admin/holding-pen");
    }

    [HttpPost("blocked")]
    public async Task<IActionResult> Block(string? address, bool remove, CancellationToken cancellationToken)
    {
        var value = address?.Trim().ToLowerInvariant() ?? "";
        if (!value.Contains('@', StringComparison.Ordinal))
        {
            return View("Index", await PageAsync("Give a whole email address to block.", cancellationToken));
        }
        var existing = await db.Set<BlockedAddress>().FindAsync([value], cancellationToken);
        if (remove && existing is not null)
        {
            db.Remove(existing);
        }
        else if (!remove && existing is null)
        {
            db.Add(BlockedAddress.Add(value, User.Identity?.Name ?? "admin", DateTimeOffset.UtcNow));
        }
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = remove ? $"Mail to {value} is no longer discarded." : $"Mail to {value} will be discarded.";
        return Redirect("/admin/holding-pen");
    }

    private async Task<RequestInboxInfo?> ResolveAsync(string? reference, CancellationToken cancellationToken)
    {
        var text = reference?.Trim() ?? "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return await requests.FindAsync(id, cancellationToken);
        }
        if (addresses.TryParse(text, out var fromAddress))
        {
            return await requests.FindAsync(fromAddress, cancellationToken);
        }
        var slug = text.Split("/request/", 2).Last().Split('/', '?', '#')[0];
        return slug.Length == 0 ? null : await requests.FindBySlugAsync(slug, cancellationToken);
    }

    private async Task<HoldingPenPage> PageAsync(string? error, CancellationToken cancellationToken)
    {
        var held = await db.Set<IncomingMail>().AsNoTracking().Where(m => m.State == IncomingState.Held)
            .OrderByDescending(m => m.ReceivedAt).Take(200).ToListAsync(cancellationToken);
        var items = new List<HeldItem>();
        foreach (var mail in held)
        {
            items.Add(new HeldItem(mail, await GuessOrNoneAsync(mail, cancellationToken)));
        }
        var bounces = await db.Set<IncomingMail>().AsNoTracking().Where(m => m.State == IncomingState.Bounce)
            .OrderByDescending(m => m.ReceivedAt).Take(50).ToListAsync(cancellationToken);
        var blocked = await db.Set<BlockedAddress>().AsNoTracking().OrderBy(b => b.Address).ToListAsync(cancellationToken);
        var setAside = await db.Set<IncomingMail>().AsNoTracking().Where(m => m.State == IncomingState.Failed)
            .OrderByDescending(m => m.ReceivedAt).Take(200).ToListAsync(cancellationToken);
        return new HoldingPenPage(items, bounces, blocked, error) { SetAside = setAside };
    }

    /// <summary>One message whose guess fails must not take the whole holding pen down with it.</summary>
    private async Task<IReadOnlyList<(RequestInboxInfo, string)>> GuessOrNoneAsync(IncomingMail mail, CancellationToken cancellationToken)
    {
        try
        {
            return await GuessAsync(mail, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Could not guess the request of held mail {MailId}", mail.Id);
            return [];
        }
    }

    /// <summary>Up to three requests the mail probably belongs to, each with the reason for the guess.</summary>
    private async Task<IReadOnlyList<(RequestInboxInfo, string)>> GuessAsync(IncomingMail mail, CancellationToken cancellationToken)
    {
        var guesses = new List<(RequestInboxInfo Request, string Why)>();
        // The number comes from a stranger's address: it may be far beyond any id.
        if (mail.Note is { } note && NearMissId().Match(note) is { Success: true } m
            && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var nearId)
            && await requests.FindAsync(nearId, cancellationToken) is { } sameId)
        {
            guesses.Add((sameId, "same request number, wrong code"));
        }
        if (mail.Subject is { } subject && TitleInSubject().Match(subject) is { Success: true } t)
        {
            foreach (var byTitle in await requests.FindByTitleAsync(t.Groups[1].Value.Trim(), cancellationToken))
            {
                guesses.Add((byTitle, "subject matches the title"));
            }
        }
        if (mail.FromAddress?.Split('@') is [_, var domain])
        {
            var bodies = await authorities.FindByEmailDomainAsync(domain, cancellationToken);
            foreach (var waiting in await requests.WaitingForAsync(bodies.Select(b => b.Id).ToList(), 3, cancellationToken))
            {
                guesses.Add((waiting, $"sender's domain is {domain}, which has this request waiting"));
            }
        }
        return guesses.DistinctBy(g => g.Request.Id).Take(3).ToList();
    }

    [GeneratedRegex(@"request ([0-9]+) with a wrong code")]
    private static partial Regex NearMissId();

    [GeneratedRegex(@"Freedom of Information request\s*-\s*(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex TitleInSubject();
}
