using FluentValidation;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Users.ForgotPassword;

internal sealed record ForgotPasswordForm
{
    public string Email { get; init; } = "";
}

internal sealed class ForgotPasswordValidator : AbstractValidator<ForgotPasswordForm>
{
    public ForgotPasswordValidator() =>
        RuleFor(f => f.Email).NotEmpty().WithMessage("Please enter your email address.")
            .EmailAddress().WithMessage("That does not look like an email address.");
}

[Route("forgot-password")]
internal sealed class ForgotPasswordController(UserManager<User> users, AccountMail accountMail) : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View(new ForgotPasswordForm());

    [HttpPost("")]
    public async Task<IActionResult> Index(ForgotPasswordForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }
        if (await users.FindByEmailAsync(form.Email.Trim()) is { } user)
        {
            await accountMail.SendPasswordResetAsync(user, cancellationToken);
        }
        // The same answer either way, so the form cannot be used to learn who has an account.
        return View("Sent", form.Email.Trim());
    }
}
