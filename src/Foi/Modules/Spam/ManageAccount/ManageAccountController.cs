using FluentValidation;
using Foi.Common.Validation;
using Foi.Modules.Spam.Domain;
using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Spam.ManageAccount;

internal sealed record BanForm(string? Reason);

internal sealed class BanFormValidator : AbstractValidator<BanForm>
{
    public BanFormValidator()
    {
        RuleFor(f => f.Reason)
            .Must(reason => !string.IsNullOrWhiteSpace(reason)).WithMessage("A ban needs a reason: it is shown on the profile.")
            .Must(reason => reason!.Trim().Length <= AccountDecisions.MaxReasonLength).WithMessage($"A reason is at most {AccountDecisions.MaxReasonLength} characters.");
    }
}

/// <summary>One account as an admin sees it, with ban, unban and trust.</summary>
internal sealed class ManageAccountController(AccountPageQuery pages, AccountDecisions decisions) : Controller
{
    [HttpGet("admin/users/{id:int}")]
    public async Task<IActionResult> Index(int id, CancellationToken cancellationToken) =>
        await pages.FindAsync(id, cancellationToken) is { } page ? View(page) : NotFound();

    [HttpPost("admin/users/{id:int}/ban")]
    public async Task<IActionResult> Ban(int id, BanForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            TempData["Notice"] = ModelState.FirstError();
            return Redirect($"/admin/users/{id}");
        }
        return await DecideAsync(id, AccountDecision.Ban, form.Reason!.Trim(), cancellationToken);
    }

    [HttpPost("admin/users/{id:int}/unban")]
    public Task<IActionResult> Unban(int id, CancellationToken cancellationToken) => DecideAsync(id, AccountDecision.Unban, null, cancellationToken);

    [HttpPost("admin/users/{id:int}/trust")]
    public Task<IActionResult> Trust(int id, bool trusted, CancellationToken cancellationToken) =>
        DecideAsync(id, trusted ? AccountDecision.Trust : AccountDecision.Distrust, null, cancellationToken);

    private async Task<IActionResult> DecideAsync(int id, AccountDecision decision, string? reason, CancellationToken cancellationToken) =>
        await decisions.ApplyAsync(id, decision, reason, User.Identity?.Name ?? "admin", cancellationToken)
            ? Redirect($"/admin/users/{id}")
            : NotFound();
}
