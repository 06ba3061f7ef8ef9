using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.ReceiveResponse;

/// <summary>
/// Tells a requester, once, about a problem with one outgoing message of their request, and records it in the history:
/// what the bounce and the delay notices share. The history event makes it idempotent.
/// </summary>
internal sealed class OutgoingProblemNotice(FoiDbContext db, RequesterMail requesterMail, TimeProvider time)
{
    public async Task TellOnceAsync(Guid outgoingMailId, string kind, Func<InfoRequest, string> subject, Func<InfoRequest, string> body, CancellationToken cancellationToken, string? about = null)
    {
        var letter = await db.Set<RequestMessage>().AsNoTracking().FirstOrDefaultAsync(m => m.OutgoingMailId == outgoingMailId, cancellationToken);
        if (letter is null)
        {
            return;
        }
        var request = await db.Set<InfoRequest>().SingleAsync(r => r.Id == letter.RequestId, cancellationToken);
        // Once per message, or once per address of it when the problem concerns one address.
        var detail = about is null ? $"{kind}:{outgoingMailId}" : $"{kind}:{outgoingMailId}:{about}";
        if (await db.Set<RequestEvent>().AnyAsync(e => e.RequestId == request.Id && e.Kind == kind && e.Detail == detail, cancellationToken))
        {
            return;
        }
        db.Add(RequestEvent.Record(request.Id, kind, time.GetUtcNow(), detail: detail));
        var notice = await requesterMail.QueueAsync(request, subject(request), body(request), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await requesterMail.SendAsync(notice, cancellationToken);
    }
}
