using FluentValidation;
using Foi.Common.Data;
using Foi.Common.Web;
using Foi.Modules.Requests.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.ModerateRequest;

/// <summary>What an admin hides: the whole request (no message), a message, or one attachment of a message.</summary>
internal sealed record HideForm
{
    public int? Message { get; init; }

    /// <summary>The attachment's index within <see cref="Message"/>.</summary>
    public int? Attachment { get; init; }
    public string Reason { get; init; } = "";

    /// <summary>For a whole request: who may still read its page.</summary>
    public RequestVisibility Visibility { get; init; } = RequestVisibility.RequesterOnly;
}

internal sealed class HideFormValidator : AbstractValidator<HideForm>
{
    public HideFormValidator()
    {
        RuleFor(f => f.Reason).NotEmpty().WithMessage("Say why: the reason is shown to the public in its place.")
            .MaximumLength(Moderation.ReasonMaxLength);
        RuleFor(f => f.Visibility).IsInEnum().NotEqual(RequestVisibility.Public).WithMessage("Choose who may still read the request.");
    }
}

/// <param name="Slug">The request's slug.</param>
/// <param name="What">What is hidden, as the admin reads it ("the attachment budget.pdf").</param>
/// <param name="Form">The form.</param>
internal sealed record HidePage(string Slug, string What, HideForm Form);

/// <summary>
/// Hiding a request, a message or an attachment from the public, with a reason shown in its place: for personal data
/// published by mistake, a defamatory reply, or a request that should never have been made public. The requester and
/// admins still see it. Hiding takes it out of lists and search within seconds (the change feed); showing it again
/// puts it back.
/// </summary>
[Route("admin/requests/{slug}")]
internal sealed class ModerateRequestController(FoiDbContext db, TimeProvider time) : Controller
{
    [HttpGet("hide")]
    public async Task<IActionResult> Hide(string slug, int? message, int? attachment, CancellationToken cancellationToken)
    {
        var target = await FindAsync(slug, message, attachment, cancellationToken);
        return target is null ? NotFound() : View(new HidePage(slug, target.Describe(), new HideForm { Message = message, Attachment = attachment }));
    }

    [HttpPost("hide")]
    public async Task<IActionResult> Hide(string slug, HideForm form, CancellationToken cancellationToken)
    {
        var target = await FindAsync(slug, form.Message, form.Attachment, cancellationToken);
        if (target is null)
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            return View(new HidePage(slug, target.Describe(), form));
        }
        var now = time.GetUtcNow();
        target.Apply(new Moderation(form.Reason.Trim(), now, User.AccountId() ?? 0), form.Visibility);
        var level = target.Message is null ? $" ({VisibilityText.Of(form.Visibility)})" : "";
        db.Add(RequestEvent.Record(target.Request.Id, target.EventKind("hidden"), now, User.AccountId(), detail: form.Reason.Trim() + level));
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = $"Hidden from the public: {target.Describe()}{level}.";
        return Redirect(target.Anchor());
    }

    [HttpPost("unhide")]
    public async Task<IActionResult> Unhide(string slug, int? message, int? attachment, CancellationToken cancellationToken)
    {
        var target = await FindAsync(slug, message, attachment, cancellationToken);
        if (target is null)
        {
            return NotFound();
        }
        target.Apply(null, RequestVisibility.Public);
        db.Add(RequestEvent.Record(target.Request.Id, target.EventKind("shown"), time.GetUtcNow(), User.AccountId()));
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = $"Public again: {target.Describe()}.";
        return Redirect(target.Anchor());
    }

    /// <summary>Closes a request to new replies (they go to the holding pen) or opens it again.</summary>
    [HttpPost("responses")]
    public async Task<IActionResult> Responses(string slug, bool allowed, CancellationToken cancellationToken)
    {
        var request = await db.Set<InfoRequest>().SingleOrDefaultAsync(r => r.Slug == slug, cancellationToken);
        if (request is null)
        {
            return NotFound();
        }
        request.AllowResponses(allowed);
        db.Add(RequestEvent.Record(request.Id, allowed ? "responses_opened" : "responses_closed", time.GetUtcNow(), User.AccountId()));
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = allowed ? "Replies to this request are published again." : "New replies to this request now go to the holding pen.";
        return Redirect($"/request/{slug}");
    }

    private async Task<Target?> FindAsync(string slug, int? messageId, int? attachmentIndex, CancellationToken cancellationToken)
    {
        var request = await db.Set<InfoRequest>().SingleOrDefaultAsync(r => r.Slug == slug, cancellationToken);
        if (request is null || (attachmentIndex is not null && messageId is null))
        {
            return null;
        }
        if (messageId is null)
        {
            return new Target(request, null, null);
        }
        var message = await db.Set<RequestMessage>().SingleOrDefaultAsync(m => m.Id == messageId && m.RequestId == request.Id, cancellationToken);
        if (message is null)
        {
            return null;
        }
        if (attachmentIndex is null)
        {
            return new Target(request, message, null);
        }
        var attachment = await db.Set<RequestAttachment>().SingleOrDefaultAsync(a => a.RequestMessageId == message.Id && a.Index == attachmentIndex, cancellationToken);
        return attachment is null ? null : new Target(request, message, attachment);
    }

    private sealed record Target(InfoRequest Request, RequestMessage? Message, RequestAttachment? Attachment)
    {
        public void Apply(Moderation? hidden, RequestVisibility level)
        {
            if (Attachment is not null)
            {
                Attachment.Hide(hidden);
            }
            else if (Message is not null)
            {
                Message.Hide(hidden);
            }
            else
            {
                Request.Hide(hidden, level);
            }
        }

        public string Describe() => Attachment is not null ? $"the attachment {Attachment.FileName}"
            : Message is not null ? $"the message of {Message.CreatedAt:d MMMM yyyy} ({Message.Subject})"
            : $"the request \"{Request.Title}\"";

        public string EventKind(string done) => (Attachment is not null ? "attachment_" : Message is not null ? "message_" : "request_") + done;

        public string Anchor() => Message is null ? $"/request/{Request.Slug}" : $"/request/{Request.Slug}#message-{Message.Id}";
    }
}

/// <summary>The levels as admins and readers read them.</summary>
internal static class VisibilityText
{
    public static string Of(RequestVisibility level) => level switch
    {
        RequestVisibility.Unlisted => "unlisted: anyone with the link, nothing lists it",
        RequestVisibility.RequesterOnly => "the requester and admins only",
        RequestVisibility.AdminsOnly => "admins only",
        _ => "public",
    };
}
