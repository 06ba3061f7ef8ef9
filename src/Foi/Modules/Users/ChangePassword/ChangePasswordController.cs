using FluentValidation;
using Foi.Modules.Users.Contracts;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Users.ChangePassword;

internal sealed record ChangePasswordForm
{
    public string CurrentPassword { get; init; } = "";
    public string NewPassword { get; init; } = "";
    public string ConfirmPassword { get; init; } = "";
}

internal sealed class ChangePasswordValidator : AbstractValidator<ChangePasswordForm>
{
    public ChangePasswordValidator()
    {
        RuleFor(f => f.CurrentPassword).NotEmpty().WithMessage("Please enter your current password.");
        RuleFor(f => f.NewPassword).NotEmpty().WithMessage("Please choose a new password.")
            .MinimumLength(10).WithMessage("Your password needs at least 10 characters.");
        RuleFor(f => f.ConfirmPassword).Equal(f => f.NewPassword).WithMessage("The two passwords do not match.");
    }
}

[Authorize]
[Route("account/password")]
internal sealed class ChangePasswordController(UserManager<User> users, SignInManager<User> signIn) : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View(new ChangePasswordForm());

    [AllowBannedAccounts]
    [HttpPost("")]
    public async Task<IActionResult> Index(ChangePasswordForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        var result = await users.ChangePasswordAsync(user, form.CurrentPassword, form.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var field = error.Code == "PasswordMismatch" ? nameof(form.CurrentPassword) : nameof(form.NewPassword);
                ModelState.AddModelError(field, error.Code == "PasswordMismatch" ? "That is not your current password." : error.Description);
            }
            return View(form);
        }
        await signIn.RefreshSignInAsync(user);
        TempData["Notice"] = "Your password has been changed.";
        return Redirect($"/user/{user.Slug}");
    }
}
