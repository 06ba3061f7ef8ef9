using FluentValidation;
using Foi.Modules.Spam.Contracts;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

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
internal sealed class ForgotPasswordController(AccountMail accountMail, AccountMailQueue queue, IActionBudget budget, IOptions<AccountOptions> options) : Controller
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
        var client = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!await budget.TryTakeAsync($"forgot-password:client:{client}", options.Value.ResetRequestsPerClientPerHour, TimeSpan.FromHours(1), cancellationToken))
        {
            ModelState.AddModelError("", "Too many reset links were asked for from your network in the last hour. Please try again later.");
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return View(form);
        }
        // The same steps and the same answer either way, so the form tells nobody who has an account: whether there is
        // one to mail is looked up after the page has answered.
        var email = form.Email.Trim();
        if (await accountMail.MayMailAsync(email, cancellationToken))
        {
            queue.Run(async (services, cancellation) =>
            {
                if (await services.GetRequiredService<UserManager<User>>().FindByEmailAsync(email) is { } user)
                {
                    await services.GetRequiredService<AccountMail>().SendPasswordResetAsync(user, cancellation);
                }
            });
        }
        return View("Sent", email);
    }
}
