using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.RouteMail;

namespace Foi.Modules.Mail.ReceiveMail;

internal sealed class MailDrop(MailReceiver receiver, StoredMailRouter router) : IMailDrop
{
    public async Task<Guid> ReceiveAndRouteAsync(byte[] raw, string? envelopeRecipient, string source, CancellationToken cancellationToken)
    {
        var stored = await receiver.ReceiveAsync(raw, envelopeRecipient, source, cancellationToken);
        await router.RouteOneAsync(stored.Id, cancellationToken);
        await router.DeliverPendingAsync(100, cancellationToken);
        return stored.Id;
    }
}
