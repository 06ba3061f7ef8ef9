using FluentValidation;
using Foi.Common.Events;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Spam.Contracts;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Users.EditProfile;

internal sealed record EditProfileForm
{
    public string? AboutMe { get; init; }
}

internal sealed class EditProfileValidator : AbstractValidator<EditProfileForm>
{
    public EditProfileValidator() => RuleFor(f => f.AboutMe).MaximumLength(2000).WithMessage("Keep it under 2,000 characters.");
}

internal sealed record EditProfilePage(EditProfileForm Form, string? Refusal, string Slug);

/// <summary>
/// The about-me text. New accounts earn it: confirmed and with a request or a comment (or trusted by an admin); a
/// flagged or banned account cannot change it, which is what keeps link spam off profile pages.
/// </summary>
[Authorize]
[Route("account/profile")]
internal sealed class EditProfileController(
    UserManager<User> users,
    IRequestActivity activity,
    ISpamStatus spam,
    IEventOutbox events,
    TimeProvider time) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        return user is null ? Challenge() : View(new EditProfilePage(new EditProfileForm { AboutMe = user.AboutMe }, await RefusalAsync(user, cancellationToken), user.Slug));
    }

    [HttpPost("")]
    public async Task<IActionResult> Index(EditProfileForm form, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        var refusal = await RefusalAsync(user, cancellationToken);
        if (refusal is not null || !ModelState.IsValid)
        {
            return View(new EditProfilePage(form, refusal, user.Slug));
        }
        user.AboutMe = string.IsNullOrWhiteSpace(form.AboutMe) ? null : form.AboutMe.Trim();
        user.ProfileVersion++;
        user.ProfileUpdatedAt = time.GetUtcNow();
        events.Enqueue(new Contracts.ProfileChanged(user.Id)); // saved with the profile by UpdateAsync
        await users.UpdateAsync(user);
        await events.DispatchEnqueuedAsync(cancellationToken);
        TempData["Notice"] = "Your profile has been saved.";
        return Redirect($"/user/{user.Slug}");
    }

    private async Task<string?> RefusalAsync(User user, CancellationToken cancellationToken)
    {
        if (user.BannedAt is not null || await spam.IsFlaggedAsync(user.Id, cancellationToken))
        {
            return "You can't update your profile text at this time.";
        }
        if (user.Trusted)
        {
            return null;
        }
        return !user.EmailConfirmed || !await activity.AnyAsync(user.Id, cancellationToken)
            ? "You can write about yourself once you have made a request or added a comment."
            : null;
    }
}
