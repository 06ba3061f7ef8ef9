using Foi.Common.Data;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Requests.FileRequest;
using Foi.Modules.Users.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Requests.WithdrawRequest;

[Authorize]
internal sealed class WithdrawRequestController(
    FoiDbContext db,
    IAuthorityDirectory authorities,
    IUserDirectory users,
    IMailOutbox outbox,
    IRequestAddresses addresses,
    FileRequestHandler letters,
    TimeProvider time) : Controller
{
    [HttpPost("request/{slug}/withdraw")]
    public async Task<IActionResult> Withdraw(string slug, bool confirm, CancellationToken cancellationToken)
    {
        var access = await RequestAccess.LoadAsync(db, slug, User, cancellationToken, users);
        if (access is null)
        {
            return NotFound();
        }
        if (!access.IsRequester || access.ViewerIsBanned)
        {
            return Forbid();
        }
        var request = access.Request;
        if (!confirm || request.State == RequestState.UserWithdrawn)
        {
            TempData["Notice"] = confirm ? "This request is already withdrawn." : "Tick the box to confirm that you want to withdraw the request.";
            return Redirect($"/request/{slug}");
        }
        var authority = await authorities.FindAsync(request.AuthorityId, cancellationToken);
        var requester = await users.FindAsync(request.UserId, cancellationToken);
        var now = time.GetUtcNow();
        var body = $"Dear {authority?.Name},\n\nI withdraw my Freedom of Information request \"{request.Title}\": I no longer need the information. Thank you for your time.\n\nYours faithfully,\n\n{requester?.SignsAs}";
        Guid? queued = null;
        if (authority?.RequestEmail is { } email)
        {
            var address = addresses.AddressFor(request.Id);
            var subject = $"Withdrawal of Freedom of Information request - {request.Title}";
            var mail = await outbox.EnqueueAsync(new OutgoingEmail(requester?.SignsAs ?? "", address, [email], subject, letters.WithFooter(body, address, request.Slug), "request",
                Answers: await SentLetters.ThreadAsync(db, request.Id, cancellationToken)), cancellationToken);
            db.Add(RequestMessage.Outgoing(request.Id, OutgoingKind.Withdrawal, subject, body, mail.Id, now));
            queued = mail.Id;
        }
        request.Classify(RequestState.UserWithdrawn, now);
        db.Add(RequestEvent.Record(request.Id, "withdrawn", now, access.ViewerId, RequestState.UserWithdrawn));
        await db.SaveChangesAsync(cancellationToken);
        if (queued is { } id)
        {
            await outbox.TrySendAsync(id, cancellationToken);
        }
        TempData["Notice"] = "Your request is withdrawn, and the authority has been told.";
        return Redirect($"/request/{slug}");
    }
}
