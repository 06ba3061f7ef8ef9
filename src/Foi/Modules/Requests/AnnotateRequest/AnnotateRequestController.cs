using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.AnnotateRequest;

[Authorize]
[Route("request/{slug}/comments")]
internal sealed class AnnotateRequestController(FoiDbContext db, Foi.Modules.Users.Contracts.IUserDirectory users, Foi.Modules.Spam.Contracts.IActivityLimits limits, TimeProvider time, Foi.Common.Events.IEventOutbox events) : Controller
{
    public const int MaxLength = 5000;

    [HttpPost("")]
    public async Task<IActionResult> Add(string slug, string? body, CancellationToken cancellationToken)
    {
        var access = await RequestAccess.LoadAsync(db, slug, User, cancellationToken, users);
        if (access?.ViewerId is not { } userId)
        {
            return NotFound();
        }
        if (!access.MayComment)
        {
            return Forbid();
        }
        var text = body?.Trim() ?? "";
        if (text.Length is 0 or > MaxLength)
        {
            TempData["Notice"] = text.Length == 0 ? "Your comment was empty." : $"Comments are at most {MaxLength:N0} characters.";
            return Redirect($"/request/{slug}#comments-heading");
        }
        if (await limits.CommentRefusalAsync(userId, access.IsAdmin, cancellationToken) is { } refusal)
        {
            TempData["Notice"] = refusal;
            return Redirect($"/request/{slug}#comments-heading");
        }
        var comment = Comment.Write(access.Request.Id, userId, text, time.GetUtcNow());
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            db.Add(comment);
            await db.SaveChangesAsync(cancellationToken); // the comment's id, for its event
            db.Add(RequestEvent.Record(access.Request.Id, "comment", time.GetUtcNow(), userId).About(comment));
            events.Enqueue(new Contracts.AccountActed(userId));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await events.DispatchEnqueuedAsync(cancellationToken);
        return Redirect($"/request/{slug}#comment-{comment.Id}");
    }

    [HttpPost("{id:int}/hide")]
    public async Task<IActionResult> Hide(string slug, int id, CancellationToken cancellationToken)
    {
        var access = await RequestAccess.LoadAsync(db, slug, User, cancellationToken, users);
        var comment = access is null ? null : await db.Set<Comment>().SingleOrDefaultAsync(c => c.Id == id && c.RequestId == access.Request.Id, cancellationToken);
        if (access is null || comment is null)
        {
            return NotFound();
        }
        if (!access.IsRequester && !access.IsAdmin)
        {
            return Forbid();
        }
        comment.Hide(access.ViewerId!.Value, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = "The comment is hidden.";
        return Redirect($"/request/{slug}#comments-heading");
    }

    [HttpPost("{id:int}/report")]
    public async Task<IActionResult> Report(string slug, int id, string? reason, CancellationToken cancellationToken)
    {
        var access = await RequestAccess.LoadAsync(db, slug, User, cancellationToken, users);
        var comment = access is null ? null : await db.Set<Comment>().SingleOrDefaultAsync(c => c.Id == id && c.RequestId == access.Request.Id, cancellationToken);
        if (access?.ViewerId is not { } userId || comment is null)
        {
            return NotFound();
        }
        if (!access.MayReport)
        {
            return Forbid();
        }
        if (!await db.Set<CommentReport>().AnyAsync(r => r.CommentId == id && r.UserId == userId, cancellationToken))
        {
            var why = string.IsNullOrWhiteSpace(reason) ? "(no reason given)" : reason.Trim();
            db.Add(CommentReport.By(id, userId, why.Length > 500 ? why[..500] : why, time.GetUtcNow()));
            comment.Reported();
            await db.SaveChangesAsync(cancellationToken);
        }
        TempData["Notice"] = "Thank you: the site's team will look at the comment.";
        return Redirect($"/request/{slug}#comment-{id}");
    }
}
