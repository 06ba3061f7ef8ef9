using Foi.Common.Events;
using Foi.Modules.Mail.Contracts;

namespace Foi.Modules.Requests.ReceiveResponse;

/// <summary>Tells the requester, once, that a message of their request has been waiting over a day to be delivered.</summary>
internal sealed class DelayNoticeHandler(OutgoingProblemNotice notice, RequesterMail requesterMail) : IEventHandler<OutgoingMailDelayed>
{
    public Task HandleAsync(OutgoingMailDelayed delayed, CancellationToken cancellationToken) =>
        notice.TellOnceAsync(delayed.OutgoingMailId, "delayed",
            request => $"Your request \"{request.Title}\" has not been delivered yet",
            request => $"""
                Since {delayed.Since:d MMMM 'at' HH:mm} our mail server has been trying to deliver a message of your request
                "{request.Title}", and the authority's mail server has not taken it yet. The last answer was:
                {delayed.Reason}

                Our server keeps trying for a few days. If it gives up, we will tell you. See the request's page:

                {requesterMail.LinkTo(request)}
                """,
            cancellationToken);
}
