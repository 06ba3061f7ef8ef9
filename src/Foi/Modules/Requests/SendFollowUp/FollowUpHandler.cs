using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Requests.FileRequest;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.SendFollowUp;

/// <summary>
/// Sends a follow-up, clarification or internal review request from the request's address, threaded under the
/// correspondence: the message, its event, the new clock (for a clarification or review) and the queued email are
/// saved together, then the email is tried at once.
/// </summary>
internal sealed class FollowUpHandler(
    FoiDbContext db,
    IMailOutbox outbox,
    IRequestAddresses addresses,
    RequestCalendar calendar,
    FileRequestHandler letters,
    SiteClock clock)
{
    public static string LabelOf(OutgoingKind kind) => kind switch
    {
        OutgoingKind.Clarification => "clarification",
        OutgoingKind.InternalReview => "internal review request",
        _ => "follow-up",
    };

    /// <summary>
    /// Sends it; false when the same form (<paramref name="submissionId"/>) was sent at the same moment by another post,
    /// and nothing more was sent. <paramref name="request"/> must be tracked by the context.
    /// </summary>
    public async Task<bool> SendAsync(InfoRequest request, int? byUserId, string requesterName, OutgoingKind kind, string to, string body,
        Guid? submissionId, CancellationToken cancellationToken)
    {
        var subject = kind == OutgoingKind.InternalReview
            ? $"Internal review of Freedom of Information request - {request.Title}"
            : $"Re: Freedom of Information request - {request.Title}";
        var now = clock.UtcNow;
        var address = addresses.AddressFor(request.Id);
        var queued = await outbox.EnqueueAsync(new OutgoingEmail(requesterName, address, [to], subject, letters.WithFooter(body, address, request.Slug), "request",
            Answers: await SentLetters.ThreadAsync(db, request.Id, cancellationToken)), cancellationToken);
        db.Add(RequestMessage.Outgoing(request.Id, kind, subject, body.Trim(), queued.Id, now));
        db.Add(RequestEvent.Record(request.Id, "followup", now, byUserId, detail: LabelOf(kind)));
        if (kind is OutgoingKind.Clarification or OutgoingKind.InternalReview)
        {
            var due = kind == OutgoingKind.InternalReview
                ? await calendar.ReviewDueDatesAsync(request.LawKey, clock.Today, cancellationToken)
                : await calendar.DueDatesAsync(request.LawKey, clock.Today, cancellationToken);
            request.RestartClock(due, kind == OutgoingKind.Clarification ? RequestState.WaitingResponse : RequestState.InternalReview, now);
        }
        if (submissionId is { } key)
        {
            db.Add(LetterSubmission.Record(key, byUserId ?? request.UserId, request.Id, now));
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (SentLetters.IsSecondPost(exception, submissionId))
        {
            db.ChangeTracker.Clear();
            return false;
        }
        await outbox.TrySendAsync(queued.Id, cancellationToken);
        return true;
    }
}
