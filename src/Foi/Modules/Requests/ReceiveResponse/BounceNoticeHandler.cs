using Foi.Common.Events;
using Foi.Modules.Mail.Contracts;

namespace Foi.Modules.Requests.ReceiveResponse;

/// <summary>Tells the requester, once, that a message of their request could not be delivered.</summary>
internal sealed class BounceNoticeHandler(OutgoingProblemNotice notice, RequesterMail requesterMail) : IEventHandler<OutgoingMailBounced>
{
    public Task HandleAsync(OutgoingMailBounced bounced, CancellationToken cancellationToken) =>
        bounced is { FailedRecipient: { } address, OtherRecipients.Count: > 0 }
            ? notice.TellOnceAsync(bounced.OutgoingMailId, "bounce",
                request => $"Your request \"{request.Title}\" could not be delivered to {address}",
                request => $"""
                    A message of your Freedom of Information request "{request.Title}" went to {bounced.OtherRecipients.Count + 1} addresses.
                    The mail server of {address} refused it. It said: {bounced.Diagnostic}

                    The other addresses are not affected: {string.Join(", ", bounced.OtherRecipients)}.

                    See the request's page for each address's status:

                    {requesterMail.LinkTo(request)}
                    """,
                cancellationToken, about: address)
            : notice.TellOnceAsync(bounced.OutgoingMailId, "bounce",
                request => $"Your request \"{request.Title}\" could not be delivered",
                request => $"""
                    The authority's mail server refused a message of your Freedom of Information request "{request.Title}".
                    It said: {bounced.Diagnostic}

                    The address we have for the authority may be wrong. See the request's page, and contact us if you know a better
                    address:

                    {requesterMail.LinkTo(request)}
                    """,
                cancellationToken);
}
