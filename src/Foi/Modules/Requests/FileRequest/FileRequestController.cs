using Foi.Common.Data;
using Foi.Common.Web;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Users.Contracts;
using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Requests.FileRequest;

internal sealed record PickAuthorityPage(string? Query, IReadOnlyList<AuthoritySummary> Authorities);

internal sealed record FileRequestPage(AuthoritySummary Authority, FileRequestForm Form, bool SignedIn);

[Route("new")]
internal sealed class FileRequestController(
    IAuthorityDirectory authorities,
    IUserDirectory users,
    FileRequestHandler handler,
    FoiDbContext db,
    Foi.Modules.Spam.Contracts.IActivityLimits limits,
    TimeProvider time) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Pick(string? q, CancellationToken cancellationToken) =>
        View("Pick", new PickAuthorityPage(q, await authorities.SearchAsync(q, 200, cancellationToken)));

    [HttpGet("{authoritySlug}")]
    public async Task<IActionResult> Index(string authoritySlug, Guid? draft, CancellationToken cancellationToken)
    {
        var authority = await authorities.FindBySlugAsync(authoritySlug, cancellationToken);
        if (authority is null)
        {
            return NotFound();
        }
        if (!authority.CanReceiveRequests)
        {
            return View("Closed", authority);
        }
        var requester = await CurrentUserAsync(cancellationToken);
        var saved = draft is { } draftId ? await db.Set<RequestDraft>().FindAsync([draftId], cancellationToken) : null;
        var form = saved is not null && saved.AuthorityId == authority.Id
            ? new FileRequestForm
            {
                Title = saved.Title,
                Body = requester is null ? saved.Body : LetterTemplate.SignedBy(saved.Body, requester.SignsAs),
                DraftId = saved.Id,
                SubmissionId = Guid.NewGuid(),
            }
            : new FileRequestForm { Body = LetterTemplate.For(authority.Name, requester?.SignsAs), SubmissionId = Guid.NewGuid() };
        return View(new FileRequestPage(authority, form, requester is not null));
    }

    [HttpPost("{authoritySlug}")]
    public async Task<IActionResult> Index(string authoritySlug, FileRequestForm form, CancellationToken cancellationToken)
    {
        var authority = await authorities.FindBySlugAsync(authoritySlug, cancellationToken);
        if (authority is null)
        {
            return NotFound();
        }
        if (!authority.CanReceiveRequests)
        {
            return View("Closed", authority);
        }
        var requester = await CurrentUserAsync(cancellationToken);
        if (form.Action == "edit")
        {
            ModelState.Clear();
            return View(new FileRequestPage(authority, form, requester is not null));
        }
        if (!ModelState.IsValid)
        {
            return View(new FileRequestPage(authority, form, requester is not null));
        }
        if (requester is { IsBanned: true })
        {
            ModelState.AddModelError("", "Your account is banned: it cannot make requests.");
            return View(new FileRequestPage(authority, form, SignedIn: true));
        }
        if (requester is { EmailConfirmed: false })
        {
            ModelState.AddModelError("", "Please confirm your email address before sending a request.");
            return View(new FileRequestPage(authority, form, SignedIn: true));
        }
        if (form.Action != "send")
        {
            // Everyone may see the preview; signing in is asked for only at "send".
            return View("Preview", new FileRequestPage(authority, form with { SubmissionId = form.SubmissionId ?? Guid.NewGuid() }, SignedIn: requester is not null));
        }
        if (requester is null)
        {
            if (form.DraftId is null && await limits.DraftRefusalAsync(HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken) is { } tooMany)
            {
                ModelState.AddModelError("", tooMany);
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return View("Preview", new FileRequestPage(authority, form, SignedIn: false));
            }
            var draftId = await SaveDraftAsync(authority, form, cancellationToken);
            TempData["Notice"] = "Your request is saved. Sign in, or create an account, to send it.";
            var returnUrl = $"/new/{authority.Slug}?draft={draftId}";
            return Redirect($"/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}");
        }
        if (await SentLetters.FindAsync(db, form.SubmissionId, requester.Id, cancellationToken) is { } alreadySent)
        {
            TempData["Notice"] = $"This request was already sent to {authority.Name}; it was not sent again.";
            return Redirect($"/request/{alreadySent.Slug}");
        }

        if (await limits.RequestRefusalAsync(requester.Id, User.IsInRole(Roles.Admin), cancellationToken) is { } refusal)
        {
            ModelState.AddModelError("", refusal);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return View("Preview", new FileRequestPage(authority, form, SignedIn: true));
        }
        var request = await handler.FileAsync(requester.Id, requester.SignsAs, authority, form.Title, form.Body, cancellationToken, form.SubmissionId);
        if (form.DraftId is { } sentDraft && await db.Set<RequestDraft>().FindAsync([sentDraft], cancellationToken) is { } draft)
        {
            db.Remove(draft);
            await db.SaveChangesAsync(cancellationToken);
        }
        TempData["Notice"] = $"Your request has been sent to {authority.Name}.";
        return Redirect($"/request/{request.Slug}");
    }

    private async Task<UserSummary?> CurrentUserAsync(CancellationToken cancellationToken) =>
        User.AccountId() is { } id ? await users.FindAsync(id, cancellationToken) : null;

    private async Task<Guid> SaveDraftAsync(AuthoritySummary authority, FileRequestForm form, CancellationToken cancellationToken)
    {
        var existing = form.DraftId is { } id ? await db.Set<RequestDraft>().FindAsync([id], cancellationToken) : null;
        if (existing is not null && existing.AuthorityId == authority.Id)
        {
            existing.Update(form.Title, form.Body, time.GetUtcNow());
        }
        else
        {
            existing = RequestDraft.Create(authority.Id, form.Title, form.Body, time.GetUtcNow());
            db.Add(existing);
        }
        await db.SaveChangesAsync(cancellationToken);
        return existing.Id;
    }
}
