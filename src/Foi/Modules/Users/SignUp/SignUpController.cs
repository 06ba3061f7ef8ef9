using FluentValidation;
using Foi.Common.Data;
using Foi.Common.Events;
using Foi.Modules.Users.Contracts;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Users.SignUp;

internal sealed record SignUpForm
{
    public string Name { get; init; } = "";
    public string Email { get; init; } = "";
    public string Password { get; init; } = "";
    public string ConfirmPassword { get; init; } = "";
    public string? ReturnUrl { get; init; }
}

internal sealed class SignUpValidator : AbstractValidator<SignUpForm>
{
    public SignUpValidator()
    {
        RuleFor(f => f.Name).NotEmpty().WithMessage("Please enter your name. It is shown on your requests.")
            .MaximumLength(100);
        RuleFor(f => f.Email).NotEmpty().WithMessage("Please enter your email address.")
            .EmailAddress().WithMessage("That does not look like an email address.")
            .MaximumLength(254);
        RuleFor(f => f.Password).NotEmpty().WithMessage("Please choose a password.")
            .MinimumLength(10).WithMessage("Your password needs at least 10 characters.");
        RuleFor(f => f.ConfirmPassword).Equal(f => f.Password).WithMessage("The two passwords do not match.");
    }
}

[Route("sign-up")]
internal sealed class SignUpController(
    UserManager<User> users,
    AccountMail accountMail,
    FoiDbContext db,
    IEventPublisher events,
    Foi.Modules.Spam.Contracts.IActivityLimits limits,
    TimeProvider time) : Controller
{
    [HttpGet("")]
    public IActionResult Index(string? returnUrl) => View(new SignUpForm { ReturnUrl = returnUrl });

    [HttpPost("")]
    public async Task<IActionResult> Index(SignUpForm form, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid && await users.FindByEmailAsync(form.Email) is not null)
        {
            ModelState.AddModelError(nameof(form.Email), "There is already an account with this email address. Sign in, or reset your password.");
        }
        if (!ModelState.IsValid)
        {
            return View(form);
        }
        if (await limits.SignUpRefusalAsync(HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken) is { } refusal)
        {
            ModelState.AddModelError("", refusal);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return View(form);
        }

        var user = new User
        {
            UserName = form.Email.Trim(),
            Email = form.Email.Trim(),
            Name = form.Name.Trim(),
            Slug = await UserSlugs.UniqueSlugAsync(db, form.Name, cancellationToken),
            CreatedAt = time.GetUtcNow(),
            SignupIp = HttpContext.Connection.RemoteIpAddress?.ToString(),
            SignupUserAgent = Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent[..Math.Min(agent.Length, 500)] : null,
        };
        var result = await users.CreateAsync(user, form.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.Contains("Password", StringComparison.Ordinal) ? nameof(form.Password) : "", error.Description);
            }
            return View(form);
        }

        await events.PublishAsync(new UserSignedUp(user.Id), cancellationToken);
        await accountMail.SendConfirmationAsync(user, LocalOrNull(form.ReturnUrl), cancellationToken);
        return View("CheckEmail", user.Email);
    }

    private string? LocalOrNull(string? url) => url is not null && Url.IsLocalUrl(url) ? url : null;
}
