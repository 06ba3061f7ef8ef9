using FluentValidation;
using Foi.Common.Data;
using Foi.Common.Events;
using Foi.Common.Site;
using Foi.Common.Web;
using Foi.Modules.Users.Contracts;
using Foi.Modules.Users.Domain;
using Foi.Modules.Users.SignIn;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

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
    IEventOutbox events,
    Foi.Modules.Spam.Contracts.IActivityLimits limits,
    DecoyPassword decoy,
    TimeProvider time) : Controller
{
    [HttpGet("")]
    public IActionResult Index(string? returnUrl) => View(new SignUpForm { ReturnUrl = LocalOrNull(returnUrl) });

    /// <summary>
    /// Whether or not the address has an account, the answer is the same page in about the same time: a new address
    /// gets its confirmation link, a known one a note to its owner (OWASP's advice against account enumeration).
    /// </summary>
    [HttpPost("")]
    public async Task<IActionResult> Index(SignUpForm form, CancellationToken cancellationToken)
    {
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

        var email = form.Email.Trim();
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            decoy.Hash(form.Password);
            await NotifyOwnerAsync(existing, cancellationToken);
            return View("CheckEmail", email);
        }
        var user = new User
        {
            UserName = email,
            Email = email,
            Name = form.Name.Trim(),
            Slug = await UserSlugs.UniqueSlugAsync(db, form.Name, cancellationToken),
            CreatedAt = time.GetUtcNow(),
            SignupIp = HttpContext.Connection.RemoteIpAddress?.ToString(),
            SignupUserAgent = Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent[..Math.Min(agent.Length, 500)] : null,
        };
        var result = await CreateAsync(user, form.Password);
        if (result.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName"))
        {
            // Another sign-up with this address won the race: its owner hears of this one.
            if (await users.FindByEmailAsync(email) is { } winner)
            {
                await NotifyOwnerAsync(winner, cancellationToken);
            }
            return View("CheckEmail", email);
        }
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.Contains("Password", StringComparison.Ordinal) ? nameof(form.Password) : "", error.Description);
            }
            return View(form);
        }

        await events.DispatchEnqueuedAsync(cancellationToken);
        if (await accountMail.MayMailAsync(email, cancellationToken))
        {
            await accountMail.SendConfirmationAsync(user, LocalOrNull(form.ReturnUrl), cancellationToken);
        }
        return View("CheckEmail", email);
    }

    /// <summary>
    /// Creates the account and its <see cref="UserSignedUp"/> event in one transaction; when another sign-up of the
    /// same name took the slug at the same moment, tries again with a random ending. A racing sign-up of the same
    /// address comes back as a duplicate, as from Identity's own check.
    /// </summary>
    private async Task<IdentityResult> CreateAsync(User user, string password)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            try
            {
                var result = await users.CreateAsync(user, password);
                if (result.Succeeded)
                {
                    events.Enqueue(new UserSignedUp(user.Id));
                    await db.SaveChangesAsync();
                    await transaction.CommitAsync();
                }
                return result;
            }
            catch (DbUpdateException exception) when (UniqueViolation.Is(exception) && attempt < 3)
            {
                await transaction.RollbackAsync();
                db.Entry(user).State = EntityState.Detached;
                if (await users.FindByEmailAsync(user.Email!) is not null)
                {
                    return IdentityResult.Failed(new IdentityError { Code = "DuplicateEmail" });
                }
                user.Slug = Slug.WithRandomEnding(user.Name, 60);
            }
        }
    }

    private async Task NotifyOwnerAsync(User owner, CancellationToken cancellationToken)
    {
        if (await accountMail.MayMailAsync(owner.Email!, cancellationToken))
        {
            await accountMail.SendAlreadyRegisteredAsync(owner, cancellationToken);
        }
    }

    private string? LocalOrNull(string? url) => LocalUrls.OrNull(url, Url);
}
