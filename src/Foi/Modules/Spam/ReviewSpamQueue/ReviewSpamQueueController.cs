using FluentValidation;
using Foi.Common.Validation;
using Foi.Modules.Spam.Domain;
using Foi.Modules.Spam.ManageAccount;
using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Spam.ReviewSpamQueue;

/// <summary>What the admin does with the ticked accounts of the queue.</summary>
internal sealed record QueueDecisionForm(List<int> Ids, AccountDecision? Decision, string? Reason);

internal sealed class QueueDecisionFormValidator : AbstractValidator<QueueDecisionForm>
{
    public QueueDecisionFormValidator()
    {
        RuleFor(f => f.Ids).NotEmpty().WithMessage("Tick at least one account.");
        RuleFor(f => f.Decision)
            .Must(d => d is AccountDecision.Ban or AccountDecision.NotSpam or AccountDecision.Leave)
            .WithMessage("Choose ban, not spam or leave for now.");
        RuleFor(f => f.Reason)
            .Must(reason => !string.IsNullOrWhiteSpace(reason)).When(f => f.Decision == AccountDecision.Ban)
            .WithMessage("A ban needs a reason: it is shown on the profile.");
        RuleFor(f => f.Reason)
            .Must(reason => reason is null || reason.Trim().Length <= AccountDecisions.MaxReasonLength)
            .WithMessage($"A reason is at most {AccountDecisions.MaxReasonLength} characters.");
    }
}

/// <summary>The queue of flagged accounts, highest score first, and the decision on the ticked ones.</summary>
internal sealed class ReviewSpamQueueController(SpamQueue queue, AccountDecisions decisions) : Controller
{
    [HttpGet("admin/spam")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View(await queue.WaitingAsync(cancellationToken));

    [HttpPost("admin/spam/review")]
    public async Task<IActionResult> Review(QueueDecisionForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            TempData["Notice"] = ModelState.FirstError();
            return Redirect("/admin/spam");
        }
        var decision = form.Decision!.Value;
        var reason = string.IsNullOrWhiteSpace(form.Reason) ? null : form.Reason.Trim();
        foreach (var id in form.Ids)
        {
            await decisions.ApplyAsync(id, decision, reason, User.Identity?.Name ?? "admin", cancellationToken);
        }
        var done = decision switch
        {
            AccountDecision.Ban => "Banned",
            AccountDecision.NotSpam => "Marked as not spam",
            _ => "Left",
        };
        TempData["Notice"] = $"{done}: {form.Ids.Count} account(s).";
        return Redirect("/admin/spam");
    }
}
