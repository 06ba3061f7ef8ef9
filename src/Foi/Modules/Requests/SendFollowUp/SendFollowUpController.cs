using FluentValidation;
using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Common.Web;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Requests.FileRequest;
using Foi.Modules.Users.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Requests.SendFollowUp;

internal sealed record FollowUpForm
{
    /// <summary>follow_up, clarification or internal_review.</summary>
    public string Kind { get; init; } = "follow_up";

    /// <summary>"authority" (its FOI address) or the address of the last reply.</summary>
    public string To { get; init; } = "authority";
    public string Body { get; init; } = "";

    /// <summary>Given when the form is first shown, so the same follow-up is never sent twice.</summary>
    public Guid? SubmissionId { get; init; }
}

internal sealed class FollowUpValidator : AbstractValidator<FollowUpForm>
{
    public FollowUpValidator()
    {
        RuleFor(f => f.Kind).Must(k => k is "follow_up" or "clarification" or "internal_review").WithMessage("Choose what kind of message this is.");
        RuleFor(f => f.Body).Must(LetterTemplate.HasOwnWords).WithMessage("Please write your message.")
            .MaximumLength(FileRequestValidator.BodyMaxLength);
    }
}

internal sealed record FollowUpPage(string RequestSlug, string RequestTitle, AuthoritySummary Authority, string? LastReplyFrom, FollowUpForm Form);

/// <summary>The request a follow-up is written on, as the controller needs it (the view gets a <see cref="FollowUpPage"/>).</summary>
internal sealed record FollowUpContext(InfoRequest Request, AuthoritySummary Authority, string? LastReplyFrom)
{
    public FollowUpPage Page(FollowUpForm form) => new(Request.Slug, Request.Title, Authority, LastReplyFrom, form);
}

[Authorize]
[Route("request/{slug}/follow-up")]
internal sealed class SendFollowUpController(
    FoiDbContext db,
    IAuthorityDirectory authorities,
    IUserDirectory users,
    FollowUpHandler followUps,
    SiteClock clock,
    IOptions<SiteOptions> site) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string slug, string? kind, CancellationToken cancellationToken)
    {
        var page = await ContextAsync(slug, cancellationToken);
        if (page is null)
        {
            return await RequestAccess.LoadAsync(db, slug, User, cancellationToken, users) is null ? NotFound() : Forbid();
        }
        var chosen = kind is not null && FollowUpKinds.Offered(page.Request, clock.Today).Contains(kind) ? kind : "follow_up";
        var name = (await users.FindAsync(page.Request.UserId, cancellationToken))?.SignsAs ?? "";
        var body = chosen == "internal_review"
            ? $"""
              Dear {page.Authority.Name},

              Please pass this on to the person who conducts Freedom of Information reviews.

              I am writing to request an internal review of {page.Authority.Name}'s handling of my Freedom of Information request "{page.Request.Title}".



              A full history of my request and all correspondence is available at:
              {site.Value.BaseUrl.TrimEnd('/')}/request/{page.Request.Slug}

              Yours faithfully,

              {name}
              """
            : LetterTemplate.For(page.Authority.Name, name);
        return View(page.Page(new FollowUpForm { Kind = chosen, Body = body, To = page.LastReplyFrom is null ? "authority" : "reply", SubmissionId = Guid.NewGuid() }));
    }

    [HttpPost("")]
    public async Task<IActionResult> Index(string slug, FollowUpForm form, CancellationToken cancellationToken)
    {
        var page = await ContextAsync(slug, cancellationToken);
        if (page is null)
        {
            return await RequestAccess.LoadAsync(db, slug, User, cancellationToken, users) is null ? NotFound() : Forbid();
        }
        var to = form.To == "reply" && page.LastReplyFrom is not null ? page.LastReplyFrom : page.Authority.RequestEmail;
        if (to is null)
        {
            ModelState.AddModelError(nameof(form.To), "We have no address for this authority. Contact us.");
        }
        if (!FollowUpKinds.Offered(page.Request, clock.Today).Contains(form.Kind))
        {
            ModelState.AddModelError(nameof(form.Kind), form.Kind == "internal_review"
                ? "An internal review can be asked for once the authority has answered, or when it is late."
                : "A clarification answers a question the authority asked in a reply; write a follow-up instead.");
        }
        if (!ModelState.IsValid)
        {
            return View(page.Page(form with { SubmissionId = form.SubmissionId ?? Guid.NewGuid() }));
        }
        var userId = User.AccountId() ?? page.Request.UserId;
        if (await SentLetters.FindAsync(db, form.SubmissionId, userId, cancellationToken) is not null)
        {
            TempData["Notice"] = "This message was already sent; it was not sent again.";
            return Redirect($"/request/{slug}");
        }

        var request = page.Request;
        var requester = await users.FindAsync(request.UserId, cancellationToken);
        var kind = form.Kind switch
        {
            "clarification" => OutgoingKind.Clarification,
            "internal_review" => OutgoingKind.InternalReview,
            _ => OutgoingKind.FollowUp,
        };
        var label = FollowUpHandler.LabelOf(kind);
        if (!await followUps.SendAsync(request, User.AccountId(), requester?.SignsAs ?? "", kind, to!, form.Body, form.SubmissionId, cancellationToken))
        {
            TempData["Notice"] = "This message was already sent; it was not sent again.";
            return Redirect($"/request/{slug}");
        }
        TempData["Notice"] = $"Your {label} has been sent to {page.Authority.Name}.";
        return Redirect($"/request/{slug}");
    }

    private async Task<FollowUpContext?> ContextAsync(string slug, CancellationToken cancellationToken)
    {
        var access = await RequestAccess.LoadAsync(db, slug, User, cancellationToken, users);
        if (access is null || !access.MayFollowUp)
        {
            return null;
        }
        var authority = await authorities.FindAsync(access.Request.AuthorityId, cancellationToken);
        if (authority is null)
        {
            return null;
        }
        var lastReply = await db.Set<RequestMessage>().AsNoTracking()
            .Where(m => m.RequestId == access.Request.Id && m.Direction == MessageDirection.Incoming && !m.IsAutoReply)
            .OrderByDescending(m => m.CreatedAt).Select(m => m.FromAddress).FirstOrDefaultAsync(cancellationToken);
        return new FollowUpContext(access.Request, authority, lastReply);
    }
}
