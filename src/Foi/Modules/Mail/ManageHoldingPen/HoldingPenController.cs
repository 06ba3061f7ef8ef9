using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Mail.ManageHoldingPen;

/// <summary>The ticked messages and what to do with them: deliver to the request named, or discard for the reason given.</summary>
internal sealed record HeldMailForm(List<Guid>? Ids, HeldMailAction? Action, string? Request, string? Reason);

internal sealed class HeldMailFormValidator : AbstractValidator<HeldMailForm>
{
    public HeldMailFormValidator()
    {
        RuleFor(f => f.Ids).NotEmpty().WithMessage("Tick at least one message.");
        RuleFor(f => f.Action).NotNull().WithMessage("Choose deliver or discard.");
        RuleFor(f => f.Reason).NotEmpty().When(f => f.Action == HeldMailAction.Discard).WithMessage("Give a reason for discarding.");
        RuleFor(f => f.Request).NotEmpty().When(f => f.Action == HeldMailAction.Deliver).WithMessage("Name the request: its number, address or page URL.");
    }
}

[Route("admin/holding-pen")]
internal sealed class HoldingPenController(HoldingPenQuery query, HeldMailActions actions) : Controller
{
    private string Admin => User.Identity?.Name ?? "admin";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View(await query.PageAsync(null, cancellationToken));

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Show(Guid id, CancellationToken cancellationToken) =>
        await query.FindAsync(id, cancellationToken) is { } mail ? View(mail) : NotFound();

    [HttpPost("{id:guid}/deliver/{requestId:int}")]
    public async Task<IActionResult> Deliver(Guid id, int requestId, CancellationToken cancellationToken)
    {
        if (!await actions.DeliverAsync(id, requestId, Admin, cancellationToken))
        {
            return NotFound();
        }
        TempData["Notice"] = $"Delivered to request {requestId}.";
        return Redirect("/admin/holding-pen");
    }

    /// <summary>Routes a set-aside message again from the start (after the cause was fixed).</summary>
    [HttpPost("{id:guid}/retry")]
    public async Task<IActionResult> Retry(Guid id, CancellationToken cancellationToken)
    {
        if (!await actions.RetryAsync(id, cancellationToken))
        {
            return NotFound();
        }
        TempData["Notice"] = "The message will be routed again in a moment.";
        return Redirect("/admin/holding-pen");
    }

    [HttpPost("bulk")]
    public async Task<IActionResult> Bulk(HeldMailForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return View("Index", await query.PageAsync(Foi.Common.Validation.ModelStateMessages.FirstError(ModelState), cancellationToken));
        }
        if (form.Action == HeldMailAction.Discard)
        {
            var discarded = await actions.DiscardAsync(form.Ids!, form.Reason!, Admin, cancellationToken);
            TempData["Notice"] = $"Discarded {discarded} message(s).";
            return Redirect("/admin/holding-pen");
        }
        if (await actions.ResolveRequestAsync(form.Request, cancellationToken) is not { } target)
        {
            return View("Index", await query.PageAsync("No request matches that id, address or URL.", cancellationToken));
        }
        var delivered = await actions.DeliverAsync(form.Ids!, target, Admin, cancellationToken);
        TempData["Notice"] = $"Delivered {delivered} message(s) to “{target.Title}”.";
        return Redirect("/admin/holding-pen");
    }

    [HttpPost("blocked")]
    public async Task<IActionResult> Block(string? address, bool remove, CancellationToken cancellationToken)
    {
        var value = address?.Trim().ToLowerInvariant() ?? "";
        if (!value.Contains('@', StringComparison.Ordinal))
        {
            return View("Index", await query.PageAsync("Give a whole email address to block.", cancellationToken));
        }
        await actions.SetBlockedAsync(value, blocked: !remove, Admin, cancellationToken);
        TempData["Notice"] = remove ? $"Mail to {value} is no longer discarded." : $"Mail to {value} will be discarded.";
        return Redirect("/admin/holding-pen");
    }
}
