using FluentValidation;
using Foi.Common.Data;
using Foi.Modules.Authorities.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Authorities.EditAuthority;

internal sealed record EditAuthorityForm
{
    public int? Id { get; init; }
    public string Name { get; init; } = "";
    public string? ShortName { get; init; }
    public string? Slug { get; init; }
    public string? RequestEmail { get; init; }
    public string? HomePage { get; init; }
    public string? Notes { get; init; }
    public string? Tags { get; init; }
    public string? Law { get; init; }

    public AuthorityDetails ToDetails() => new(Name, ShortName, RequestEmail, HomePage, Notes, Authority.ParseTags(Tags), Law);

    public static EditAuthorityForm From(Authority a) => new()
    {
        Id = a.Id,
        Name = a.Name,
        ShortName = a.ShortName,
        Slug = a.Slug,
        RequestEmail = a.RequestEmail,
        HomePage = a.HomePage,
        Notes = a.Notes,
        Tags = string.Join(' ', a.Tags),
        Law = a.Law,
    };
}

internal sealed class EditAuthorityValidator : AbstractValidator<EditAuthorityForm>
{
    public EditAuthorityValidator(FoiDbContext db)
    {
        RuleFor(f => f.Name).NotEmpty().WithMessage("The authority needs a name.")
            .MaximumLength(255)
            .MustAsync(async (form, name, cancellationToken) =>
                !await db.Set<Authority>().AnyAsync(a => a.Name == name.Trim() && a.Id != form.Id, cancellationToken))
            .WithMessage("Another authority already has this name.");
        RuleFor(f => f.Slug)
            .Must(AuthorityRules.IsSlug).When(f => !string.IsNullOrWhiteSpace(f.Slug))
            .WithMessage("A slug is lowercase letters and digits joined by single hyphens, like 'ministry-of-silly-walks'.")
            .MustAsync(async (form, slug, cancellationToken) =>
                !await db.Set<Authority>().AnyAsync(a => a.Slug == slug && a.Id != form.Id, cancellationToken))
            .When(f => !string.IsNullOrWhiteSpace(f.Slug))
            .WithMessage("Another authority already has this slug.");
        RuleFor(f => f.RequestEmail)
            .Must(AuthorityRules.IsEmail).When(f => !string.IsNullOrWhiteSpace(f.RequestEmail))
            .WithMessage("That is not a valid email address.");
        RuleFor(f => f.HomePage)
            .Must(AuthorityRules.IsWebAddress).When(f => !string.IsNullOrWhiteSpace(f.HomePage))
            .WithMessage("The home page must be a full web address starting with http:// or https://.");
        RuleFor(f => f.Notes).MaximumLength(4000);
        RuleFor(f => f.Law).Matches("^[a-z0-9_]{1,20}$").When(f => !string.IsNullOrWhiteSpace(f.Law))
            .WithMessage("A law is named by its key from the site's configuration, such as foi or eir.");
    }
}

[Route("admin/authorities")]
internal sealed class EditAuthorityController(FoiDbContext db, TimeProvider time) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> List(CancellationToken cancellationToken) =>
        View(await db.Set<Authority>().AsNoTracking().OrderBy(a => a.Name).ToListAsync(cancellationToken));

    [HttpGet("new")]
    public IActionResult Create() => View("Edit", new EditAuthorityForm());

    [HttpPost("new")]
    public async Task<IActionResult> Create(EditAuthorityForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return View("Edit", form);
        }
        var slug = string.IsNullOrWhiteSpace(form.Slug)
            ? await AuthoritySlugs.UniqueSlugAsync(db, form.Name, null, null, cancellationToken)
            : form.Slug;
        var authority = Authority.Create(form.ToDetails(), slug, time.GetUtcNow());
        db.Add(authority);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = $"Created {authority.Name}.";
        return Redirect($"/authority/{authority.Slug}");
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var authority = await db.Set<Authority>().FindAsync([id], cancellationToken);
        return authority is null ? NotFound() : View(EditAuthorityForm.From(authority));
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, EditAuthorityForm form, CancellationToken cancellationToken)
    {
        var authority = await db.Set<Authority>().FindAsync([id], cancellationToken);
        if (authority is null || form.Id != id)
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            return View(form);
        }
        var slug = string.IsNullOrWhiteSpace(form.Slug) ? authority.Slug : form.Slug;
        var changed = authority.Update(form.ToDetails(), slug, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = changed.Count == 0 ? "Nothing changed." : $"Saved {authority.Name}: {string.Join(", ", changed)} changed.";
        return Redirect($"/authority/{authority.Slug}");
    }
}
