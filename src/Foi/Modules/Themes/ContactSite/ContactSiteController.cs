using System.Globalization;
using FluentValidation;
using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Themes.Contracts;
using Foi.Modules.Themes.ShowHelpPage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Foi.Modules.Themes.ContactSite;

internal sealed record ContactForm
{
    public string Name { get; init; } = "";
    public string Email { get; init; } = "";
    public string Subject { get; init; } = "";
    public string Message { get; init; } = "";

    /// <summary>Hidden from people; bots fill it in.</summary>
    public string? Website { get; init; }
}

internal sealed class ContactValidator : AbstractValidator<ContactForm>
{
    public ContactValidator()
    {
        RuleFor(f => f.Name).NotEmpty().WithMessage("Please enter your name.").MaximumLength(100);
        RuleFor(f => f.Email).NotEmpty().WithMessage("Please enter your email address, so we can answer.")
            .EmailAddress().WithMessage("That does not look like an email address.");
        RuleFor(f => f.Subject).NotEmpty().WithMessage("Please give your message a subject.").MaximumLength(200);
        RuleFor(f => f.Message).NotEmpty().WithMessage("Please write your message.").MaximumLength(10_000);
    }
}

internal sealed record ContactPage(HelpPage? Help, ContactForm Form);

[Route("help/contact")]
internal sealed class ContactSiteController(HelpLibrary help, ISiteTheme theme, IMailOutbox outbox, FoiDbContext db) : Controller
{
    public const string RateLimitPolicy = "contact-form";

    [HttpGet("")]
    public IActionResult Index() => View(new ContactPage(Help, new ContactForm()));

    [Foi.Modules.Users.Contracts.AllowBannedAccounts] // a banned person may still write to the team, e.g. to appeal
    [HttpPost("")]
    [EnableRateLimiting(RateLimitPolicy)]
    public async Task<IActionResult> Index(ContactForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return View(new ContactPage(Help, form));
        }
        if (string.IsNullOrEmpty(form.Website))
        {
            var queued = outbox.Enqueue(new OutgoingEmail(
                $"{form.Name} via {theme.SiteName}", null, [theme.ContactEmail], $"[Contact] {form.Subject}",
                $"{form.Message}\n\n-- \n{form.Name} <{form.Email}>, through the contact form of {theme.SiteName}",
                "contact", form.Email));
            await db.SaveChangesAsync(cancellationToken);
            await outbox.TrySendAsync(queued.Id, cancellationToken);
        }
        // A filled honeypot gets the same answer, so a bot learns nothing.
        return View("Sent");
    }

    private HelpPage? Help => help.Find("contact", CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
}
