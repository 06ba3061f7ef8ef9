using FluentValidation;
using Foi.Common.Data;
using Foi.Modules.Authorities.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Authorities.EditAuthority;

/// <summary>The admin form for one authority, used to add one (AddAuthority) and to change one.</summary>
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
