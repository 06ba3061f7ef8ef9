using Foi.Common.Data;
using Foi.Common.Events;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.ReceiveResponse;

/// <summary>Tells the requester, once, that a message of their request has been waiting over a day to be delivered.</summary>
internal sealed class DelayNoticeHandler(FoiDbContext db, RequesterMail requesterMail, TimeProvider time) : IEventHandler<OutgoingMailDelayed>
{
    public async Task HandleAsync(OutgoingMailDelayed delayed, CancellationToken cancellationToken)
    {
        var letter = await db.Set<RequestMessage>().AsNoTracking().FirstOrDefaultAsync(m => m.OutgoingMailId == delayed.OutgoingMailId, cancellationToken);
        if (letter is null)
        {
            return;
        }
        var request = await db.Set<InfoRequest>().SingleAsync(r => r.Id == letter.RequestId, cancellationToken);
        var detail = $"delayed:{delayed.OutgoingMailId}";
        if (await db.Set<RequestEvent>().AnyAsync(e => e.RequestId == request.Id && e.Kind == "delayed" && e.Detail == detail, cancellationToken))
        {
            return;
        }
        db.Add(RequestEvent.Record(request.Id, "delayed", time.GetUtcNow(), detail: detail));
        var notice = await requesterMail.QueueAsync(request, $"Your request \"{request.Title}\" has not been delivered yet",
            $"""
            Since {delayed.Since:d MMMM 'at' HH:mm} our mail server has been trying to deliver a message of your request
            "{request.Title}", and the authority's mail server has not taken it yet. The last answer was:
            {delayed.Reason}

            Our server keeps trying for a few days. If it gives up, we will tell you. See the request's page:

            {requesterMail.LinkTo(request)}
            """, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await requesterMail.SendAsync(notice, cancellationToken);
    }
}
