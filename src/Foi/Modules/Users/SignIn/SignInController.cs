using FluentValidation;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Users.SignIn;

internal sealed record SignInForm
{
    public string Email { get; init; } = "";
    public string Password { get; init; } = "";
    public bool RememberMe { get; init; }
    public string? ReturnUrl { get; init; }
}

internal sealed class SignInValidator : AbstractValidator<SignInForm>
{
    public SignInValidator()
    {
        RuleFor(f => f.Email).NotEmpty().WithMessage("Please enter your email address.");
        RuleFor(f => f.Password).NotEmpty().WithMessage("Please enter your password.");
    }
}

internal sealed class SignInController(
    UserManager<User> users,
    SignInManager<User> signIn,
    AccountMail accountMail) : Controller
{
    [HttpGet("sign-in")]
    public IActionResult Index(string? returnUrl) => View(new SignInForm { ReturnUrl = returnUrl });

    [HttpPost("sign-in")]
    public async Task<IActionResult> Index(SignInForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }
        var user = await users.FindByEmailAsync(form.Email.Trim());
        if (user is not null && !user.EmailConfirmed && await users.CheckPasswordAsync(user, form.Password))
        {
            await accountMail.SendConfirmationAsync(user, LocalOrNull(form.ReturnUrl), cancellationToken);
            ModelState.AddModelError("", "Please confirm your email address first. We have sent you the link again.");
            return View(form);
        }

        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, form.Password, form.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalOrNull(form.ReturnUrl) is { } returnUrl ? LocalRedirect(returnUrl) : Redirect($"/user/{user!.Slug}");
        }
        ModelState.AddModelError("", result.IsLockedOut
            ? "Too many failed attempts: this account is locked for 15 minutes. You can reset your password meanwhile."
            : "Either the email or the password was not right. Please try again.");
        return View(form);
    }

    [HttpPost("sign-out")]
    public async Task<IActionResult> SignOutNow()
    {
        await signIn.SignOutAsync();
        return Redirect("/");
    }

    private string? LocalOrNull(string? url) => url is not null && Url.IsLocalUrl(url) ? url : null;
}
