using Foi.Common.Data;
using Foi.Common.Events;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.ReceiveResponse;

/// <summary>Tells the requester, once, that a message of their request could not be delivered, and records it in the history.</summary>
internal sealed class BounceNoticeHandler(FoiDbContext db, RequesterMail requesterMail, TimeProvider time) : IEventHandler<OutgoingMailBounced>
{
    public async Task HandleAsync(OutgoingMailBounced bounced, CancellationToken cancellationToken)
    {
        var letter = await db.Set<RequestMessage>().AsNoTracking().FirstOrDefaultAsync(m => m.OutgoingMailId == bounced.OutgoingMailId, cancellationToken);
        if (letter is null)
        {
            return;
        }
        var request = await db.Set<InfoRequest>().SingleAsync(r => r.Id == letter.RequestId, cancellationToken);
        var detail = $"bounced:{bounced.OutgoingMailId}";
        if (await db.Set<RequestEvent>().AnyAsync(e => e.RequestId == request.Id && e.Kind == "bounce" && e.Detail == detail, cancellationToken))
        {
            return;
        }
        db.Add(RequestEvent.Record(request.Id, "bounce", time.GetUtcNow(), detail: detail));
        var notice = await requesterMail.QueueAsync(request, $"Your request \"{request.Title}\" could not be delivered",
            $"""
            The authority's mail server refused a message of your Freedom of Information request "{request.Title}".
            It said: {bounced.Diagnostic}

            The address we have for the authority may be wrong. See the request's page, and contact us if you know a better
            address:

            {requesterMail.LinkTo(request)}
            """, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await requesterMail.SendAsync(notice, cancellationToken);
    }
}
