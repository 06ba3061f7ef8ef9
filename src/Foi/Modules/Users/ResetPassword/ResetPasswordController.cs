using FluentValidation;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Users.ResetPassword;

internal sealed record ResetPasswordForm
{
    public string User { get; init; } = "";
    public string Token { get; init; } = "";
    public string Password { get; init; } = "";
    public string ConfirmPassword { get; init; } = "";
}

internal sealed class ResetPasswordValidator : AbstractValidator<ResetPasswordForm>
{
    public ResetPasswordValidator()
    {
        RuleFor(f => f.Password).NotEmpty().WithMessage("Please choose a password.")
            .MinimumLength(10).WithMessage("Your password needs at least 10 characters.");
        RuleFor(f => f.ConfirmPassword).Equal(f => f.Password).WithMessage("The two passwords do not match.");
    }
}

[Route("reset-password")]
internal sealed class ResetPasswordController(UserManager<User> users) : Controller
{
    [HttpGet("")]
    public IActionResult Index(string? user, string? token) =>
        View(new ResetPasswordForm { User = user ?? "", Token = token ?? "" });

    [HttpPost("")]
    public async Task<IActionResult> Index(ResetPasswordForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }
        var account = AccountIds.Parse(form.User) is { } id ? await users.FindByIdAsync(id) : null;
        var result = account is null
            ? IdentityResult.Failed(new IdentityError { Code = "InvalidToken", Description = "" })
            : await users.ResetPasswordAsync(account, form.Token, form.Password);
        if (!result.Succeeded)
        {
            ModelState.AddModelError("", result.Errors.Any(e => e.Code == "InvalidToken")
                ? "This reset link is not valid any more. Please ask for a new one."
                : string.Join(" ", result.Errors.Select(e => e.Description)));
            return View(form);
        }
        if (account is not null)
        {
            // The reset changed the security stamp: every session opened before it has ended, and the link is spent.
            // It also proves the address.
            if (!account.EmailConfirmed || account.EmailBouncedAt is not null)
            {
                account.EmailConfirmed = true;
                account.EmailBouncedAt = null; // the link reached them: the address works
                account.EmailBounceReason = null;
                await users.UpdateAsync(account);
            }
        }
        return View("Done");
    }
}
