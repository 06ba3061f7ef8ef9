using System.Diagnostics;
using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Mail.RouteMail;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Mail.ReceiveMail;

internal sealed class MailDrop(MailReceiver receiver, StoredMailRouter router, FoiDbContext db) : IMailDrop
{
    /// <summary>How long to wait for another node (or this site's own pickup, woken by the store) that claimed the message first.</summary>
    private static readonly TimeSpan WaitForOtherRouter = TimeSpan.FromSeconds(30);

    public async Task<Guid> ReceiveAndRouteAsync(byte[] raw, string? envelopeRecipient, string source, CancellationToken cancellationToken)
    {
        var stored = await receiver.ReceiveAsync(raw, envelopeRecipient, source, cancellationToken);
        await router.RouteOneAsync(stored.Id, cancellationToken);
        // Storing wakes the site's own pickup, which may have claimed the message first: routed either way before returning.
        var waiting = Stopwatch.StartNew();
        while (waiting.Elapsed < WaitForOtherRouter
            && await db.Set<IncomingMail>().AsNoTracking().AnyAsync(m => m.Id == stored.Id && m.State == IncomingState.Stored, cancellationToken))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            await router.RouteOneAsync(stored.Id, cancellationToken);
        }
        await router.DeliverPendingAsync(100, cancellationToken);
        return stored.Id;
    }
}
