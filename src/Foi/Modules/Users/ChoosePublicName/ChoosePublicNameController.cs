using FluentValidation;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Users.ChoosePublicName;

internal sealed record PublicNameForm
{
    /// <summary>A pseudonym or initials; empty to be shown by the real name.</summary>
    public string? PublicName { get; init; }
}

internal sealed class PublicNameValidator : AbstractValidator<PublicNameForm>
{
    public PublicNameValidator() =>
        RuleFor(f => f.PublicName).Must(n => n!.Trim().Length is >= 2 and <= 100).When(f => !string.IsNullOrWhiteSpace(f.PublicName))
            .WithMessage("A public name has 2 to 100 characters.");
}

internal sealed record PublicNamePage(string RealName, PublicNameForm Form);

/// <summary>
/// A person chooses how the site shows them: by their name, or by a pseudonym or initials while authorities still
/// receive their real name. Their requests' text then shows the public name wherever it had the real one.
/// </summary>
[Authorize]
[Route("account/public-name")]
internal sealed class ChoosePublicNameController(UserManager<User> users, IRequesterNameRules nameRules, Foi.Common.Data.FoiDbContext db, TimeProvider time) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index() =>
        await users.GetUserAsync(User) is { } user ? View(new PublicNamePage(user.Name, new PublicNameForm { PublicName = user.PublicName })) : Challenge();

    [HttpPost("")]
    public async Task<IActionResult> Index(PublicNameForm form, CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        if (!ModelState.IsValid)
        {
            return View(new PublicNamePage(user.Name, form));
        }
        var chosen = string.IsNullOrWhiteSpace(form.PublicName) || form.PublicName.Trim() == user.Name ? null : form.PublicName.Trim();
        user.PublicName = chosen;
        // The profile's address was made from the name shown: it follows the new one, and the old is not kept.
        user.Slug = await UserSlugs.UniqueSlugAsync(db, chosen ?? user.Name, cancellationToken);
        user.ProfileVersion++;
        user.ProfileUpdatedAt = time.GetUtcNow();
        await users.UpdateAsync(user);
        await nameRules.SetAsync(user.Id, user.Name, chosen, cancellationToken);
        TempData["Notice"] = chosen is null ? "The site shows your name again." : $"The site now shows you as {chosen}. Authorities still receive your real name.";
        return Redirect($"/user/{user.Slug}");
    }
}
