using FluentValidation;
using Foi.Common.Web;
using Foi.Modules.Users.Contracts;
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
    AccountMail accountMail,
    SignInThrottle throttle,
    KnownDevices devices,
    DecoyPassword decoy) : Controller
{
    private const string WrongEmailOrPassword = "Either the email or the password was not right. Please try again.";

    [HttpGet("sign-in")]
    public IActionResult Index(string? returnUrl) => View(new SignInForm { ReturnUrl = LocalOrNull(returnUrl) });

    [AllowBannedAccounts]
    [HttpPost("sign-in")]
    public async Task<IActionResult> Index(SignInForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }
        var email = form.Email.Trim();
        var client = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var user = await users.FindByEmailAsync(email);
        var knownDevice = devices.Knows(Request, user?.Id);
        if (await throttle.BeginAsync(email, client, knownDevice, cancellationToken) is { } refusal)
        {
            ModelState.AddModelError("", refusal);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return View(form);
        }
        if (user is null)
        {
            decoy.Check(form.Password);
            ModelState.AddModelError("", WrongEmailOrPassword);
            return View(form);
        }
        if (!await users.CheckPasswordAsync(user, form.Password))
        {
            ModelState.AddModelError("", WrongEmailOrPassword);
            return View(form);
        }
        await throttle.SucceededAsync(email, client, knownDevice, cancellationToken);
        if (!user.EmailConfirmed)
        {
            var resent = await accountMail.MayMailAsync(email, cancellationToken);
            if (resent)
            {
                await accountMail.SendConfirmationAsync(user, LocalOrNull(form.ReturnUrl), cancellationToken);
            }
            ModelState.AddModelError("", resent
                ? "Please confirm your email address first. We have sent you the link again."
                : "Please confirm your email address first, with the link we sent you. We have sent it several times in the last hour, so we will not send it again just now.");
            return View(form);
        }

        // A new session each time: a session id fixed before sign-in is never the one after it.
        await signIn.SignInAsync(user, form.RememberMe);
        devices.Remember(HttpContext, user.Id);
        if (user.EmailBouncedAt is { } bounced)
        {
            TempData["Notice"] = $"Our email to {user.Email} could not be delivered on {bounced:d MMMM yyyy} ({user.EmailBounceReason}), so we have stopped your alerts. "
                + "If the address works again, ask for a password reset from the sign-in page: using its link shows us the address works, and your alerts start again.";
        }
        return LocalOrNull(form.ReturnUrl) is { } returnUrl ? LocalRedirect(returnUrl) : Redirect($"/user/{user.Slug}");
    }

    /// <summary>Signing out ends every session of the account, on every device: a copied cookie dies with it.</summary>
    [AllowBannedAccounts]
    [HttpPost("sign-out")]
    public async Task<IActionResult> SignOutNow()
    {
        if (await users.GetUserAsync(User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }
        await signIn.SignOutAsync();
        return Redirect("/");
    }

    private string? LocalOrNull(string? url) => LocalUrls.OrNull(url, Url);
}
