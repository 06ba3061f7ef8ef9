using Foi.Common.Data;
using Foi.Common.Events;
using Foi.Common.Web;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Requests.Redaction;
using Foi.Modules.Users.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.ManageCensorRules;

internal sealed record CensorRuleRow(int Id, string Pattern, bool IsRegex, string Replacement, string ScopeName, string? ScopeLink, string Note, DateTimeOffset UpdatedAt, string UpdatedBy);

internal sealed record CensorLogRow(DateTimeOffset At, string Action, string Description, string Note, string By);

internal sealed record CensorRulesPage(IReadOnlyList<CensorRuleRow> Rules, IReadOnlyList<CensorLogRow> Log, CensorRuleForm Form);

/// <summary>
/// Admins keep the censor rules: text the public must never read, for the whole site or one authority, person or
/// request. A change shows at once on every page and within seconds in search; each one is logged with who and when.
/// </summary>
[Route("admin/censor-rules")]
internal sealed class CensorRulesController(FoiDbContext db, IAuthorityDirectory authorities, IUserDirectory users, IEventOutbox outbox, TimeProvider time) : Controller
{
    private const int LogLines = 100;

    [HttpGet("")]
    public async Task<IActionResult> Index(CensorScope? scope, string? target, string? returnTo, CancellationToken cancellationToken) =>
        View(await PageAsync(new CensorRuleForm { Scope = scope ?? CensorScope.Site, Target = target, ReturnTo = LocalUrls.OrNull(returnTo, Url) }, cancellationToken));

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        if (await db.Set<CensorRule>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } rule)
        {
            return NotFound();
        }
        return View(await FormOfAsync(rule, cancellationToken));
    }

    [HttpPost("")]
    public async Task<IActionResult> Add(CensorRuleForm form, CancellationToken cancellationToken)
    {
        var scopeId = await ResolveAsync(form, cancellationToken);
        if (!ModelState.IsValid)
        {
            return View("Index", await PageAsync(form, cancellationToken));
        }
        var by = User.AccountId()!.Value;
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rule = CensorRule.Add(form.Pattern.Trim(), form.IsRegex, form.Replacement, form.Scope, scopeId, form.Note ?? "", by, now);
        db.Add(rule);
        await db.SaveChangesAsync(cancellationToken);
        await LogAsync(rule, "added", [CensorRuleMatch.Of(rule)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await DispatchAsync(rule.Scope, cancellationToken);
        TempData["Notice"] = "Censor rule added: pages show it now, search within seconds.";
        return Redirect(LocalUrls.OrNull(form.ReturnTo, Url) ?? "/admin/censor-rules");
    }

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Change(int id, CensorRuleForm form, CancellationToken cancellationToken)
    {
        if (await db.Set<CensorRule>().SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } rule)
        {
            return NotFound();
        }
        var scopeId = await ResolveAsync(form, cancellationToken);
        if (!ModelState.IsValid)
        {
            return View("Edit", form with { Id = id });
        }
        var before = CensorRuleMatch.Of(rule);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        rule.Change(form.Pattern.Trim(), form.IsRegex, form.Replacement, form.Scope, scopeId, form.Note ?? "", User.AccountId()!.Value, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await LogAsync(rule, "changed", [before, CensorRuleMatch.Of(rule)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await DispatchAsync(before.Scope == CensorScope.Site ? before.Scope : rule.Scope, cancellationToken);
        TempData["Notice"] = "Censor rule changed: pages show it now, search within seconds.";
        return Redirect("/admin/censor-rules");
    }

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken cancellationToken)
    {
        if (await db.Set<CensorRule>().SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } rule)
        {
            return Redirect("/admin/censor-rules");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Remove(rule);
        await db.SaveChangesAsync(cancellationToken);
        await LogAsync(rule, "removed", [CensorRuleMatch.Of(rule)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await DispatchAsync(rule.Scope, cancellationToken);
        TempData["Notice"] = "Censor rule removed: pages show the text again now, search within seconds.";
        return Redirect("/admin/censor-rules");
    }

    /// <summary>The log line and the event that re-indexes what the rule touches, saved together.</summary>
    private async Task LogAsync(CensorRule rule, string action, IReadOnlyList<CensorRuleMatch> matches, CancellationToken cancellationToken)
    {
        db.Add(CensorRuleChange.Of(rule, action, User.AccountId()!.Value, time.GetUtcNow()));
        outbox.Enqueue(new CensorRuleChanged(rule.Id, matches));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// A narrow rule's requests are re-indexed before the admin's page comes back; a site-wide rule reads every
    /// request, so the outbox's background dispatcher does it (within its two-second poll) instead of this request.
    /// </summary>
    private async Task DispatchAsync(CensorScope scope, CancellationToken cancellationToken)
    {
        if (scope != CensorScope.Site)
        {
            await outbox.DispatchEnqueuedAsync(cancellationToken);
        }
    }

    /// <summary>The id of the rule's target, or null with a field error when there is no such authority, person or request.</summary>
    private async Task<int?> ResolveAsync(CensorRuleForm form, CancellationToken cancellationToken)
    {
        var slug = form.Target?.Trim().Trim('/') ?? "";
        slug = slug[(slug.LastIndexOf('/') + 1)..];
        int? id = form.Scope switch
        {
            CensorScope.Site => null,
            _ when slug.Length == 0 => null,
            CensorScope.Authority => (await authorities.FindBySlugAsync(slug, cancellationToken))?.Id,
            CensorScope.Person => (await users.FindBySlugAsync(slug, cancellationToken))?.Id,
            _ => await db.Set<InfoRequest>().Where(r => r.Slug == slug).Select(r => (int?)r.Id).SingleOrDefaultAsync(cancellationToken),
        };
        if (form.Scope != CensorScope.Site && slug.Length > 0 && id is null)
        {
            ModelState.AddModelError(nameof(CensorRuleForm.Target), $"There is no {form.Scope.ToString().ToLowerInvariant()} with the slug \"{slug}\".");
        }
        return id;
    }

    private async Task<CensorRuleForm> FormOfAsync(CensorRule rule, CancellationToken cancellationToken) => new()
    {
        Id = rule.Id,
        Pattern = rule.Pattern,
        IsRegex = rule.IsRegex,
        Replacement = rule.Replacement,
        Scope = rule.Scope,
        Target = (await TargetAsync(rule.Scope, rule.ScopeId, cancellationToken)).Slug,
        Note = rule.Note,
    };

    private async Task<(string? Slug, string Name, string? Link)> TargetAsync(CensorScope scope, int? id, CancellationToken cancellationToken)
    {
        switch (scope)
        {
            case CensorScope.Authority when await authorities.FindAsync(id!.Value, cancellationToken) is { } authority:
                return (authority.Slug, $"authority: {authority.Name}", $"/authority/{authority.Slug}");
            case CensorScope.Person when await users.FindAsync(id!.Value, cancellationToken) is { } person:
                return (person.Slug, $"requests of {person.Name}", $"/user/{person.Slug}");
            case CensorScope.Request when await db.Set<InfoRequest>().Where(r => r.Id == id).Select(r => r.Slug).SingleOrDefaultAsync(cancellationToken) is { } slug:
                return (slug, $"request: {slug}", $"/request/{slug}");
            default:
                return (null, CensorRule.ScopeName(scope, id), null);
        }
    }

    private async Task<CensorRulesPage> PageAsync(CensorRuleForm form, CancellationToken cancellationToken)
    {
        var rules = await db.Set<CensorRule>().AsNoTracking().OrderBy(r => r.Scope).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var log = await db.Set<CensorRuleChange>().AsNoTracking().OrderByDescending(c => c.Id).Take(LogLines).ToListAsync(cancellationToken);
        var people = await users.FindManyAsync(rules.Select(r => r.UpdatedByUserId).Concat(log.Select(l => l.ByUserId)).Distinct().ToList(), cancellationToken);
        var rows = new List<CensorRuleRow>();
        foreach (var rule in rules)
        {
            var (_, name, link) = await TargetAsync(rule.Scope, rule.ScopeId, cancellationToken);
            rows.Add(new CensorRuleRow(rule.Id, rule.Pattern, rule.IsRegex, rule.Replacement, name, link, rule.Note, rule.UpdatedAt,
                people.GetValueOrDefault(rule.UpdatedByUserId)?.Name ?? $"#{rule.UpdatedByUserId}"));
        }
        return new CensorRulesPage(rows,
            log.Select(l => new CensorLogRow(l.At, l.Action, l.Description, l.Note, people.GetValueOrDefault(l.ByUserId)?.Name ?? $"#{l.ByUserId}")).ToList(),
            form);
    }
}
