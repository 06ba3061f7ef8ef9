using FluentValidation;
using Foi.Common.Data;
using Foi.Common.Validation;
using Foi.Modules.Spam.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Spam.EditSpamLists;

internal sealed record SpamListForm(string? List, string? Value);

internal sealed class SpamListFormValidator : AbstractValidator<SpamListForm>
{
    public const int MaxValueLength = 200;

    public SpamListFormValidator()
    {
        RuleFor(f => f.List).Must(list => list is not null && SpamListEntry.Lists.Contains(list)).WithMessage("Choose a list.");
        RuleFor(f => f.Value)
            .Must(value => !string.IsNullOrWhiteSpace(value) && value.Trim().Length <= MaxValueLength)
            .WithMessage($"Give a value of at most {MaxValueLength} characters.");
    }
}

internal sealed record SpamListEntryView(int Id, string List, string Value, string AddedBy);

/// <summary>The words, domains and address ranges admins add to the scorer's lists.</summary>
internal sealed class EditSpamListsController(FoiDbContext db, TimeProvider time) : Controller
{
    [HttpGet("admin/spam/lists")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await db.Set<SpamListEntry>().AsNoTracking().OrderBy(e => e.List).ThenBy(e => e.Value)
            .Select(e => new SpamListEntryView(e.Id, e.List, e.Value, e.AddedBy)).ToListAsync(cancellationToken));

    [HttpPost("admin/spam/lists")]
    public async Task<IActionResult> Add(SpamListForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            TempData["Notice"] = ModelState.FirstError();
            return Redirect("/admin/spam/lists");
        }
        var entry = SpamListEntry.Add(form.List!, form.Value!, User.Identity?.Name ?? "admin", time.GetUtcNow());
        if (!await db.Set<SpamListEntry>().AnyAsync(e => e.List == entry.List && e.Value == entry.Value, cancellationToken))
        {
            db.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
        }
        TempData["Notice"] = $"Added {entry.Value} to {entry.List}. Run spam rescore to apply it to existing accounts.";
        return Redirect("/admin/spam/lists");
    }

    [HttpPost("admin/spam/lists/{id:int}/delete")]
    public async Task<IActionResult> Remove(int id, CancellationToken cancellationToken)
    {
        await db.Set<SpamListEntry>().Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken);
        return Redirect("/admin/spam/lists");
    }
}
