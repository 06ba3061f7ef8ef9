using System.Globalization;
using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Mail.RouteMail;
using Foi.Modules.Requests.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Mail.ManageHoldingPen;

/// <summary>What an admin can do with the ticked messages of the holding pen.</summary>
internal enum HeldMailAction
{
    Deliver,
    Discard,
}

/// <summary>The admin's actions on received mail: deliver to a request, discard with a reason, route again, block an address.</summary>
internal sealed class HeldMailActions(FoiDbContext db, MailRouter router, IRequestInbox requests, IRequestAddresses addresses, StoredMailSignal signal, TimeProvider time)
{
    /// <summary>False when the message or the request does not exist.</summary>
    public async Task<bool> DeliverAsync(Guid mailId, int requestId, string by, CancellationToken cancellationToken)
    {
        if (await requests.FindAsync(requestId, cancellationToken) is null || !await db.Set<IncomingMail>().AnyAsync(m => m.Id == mailId, cancellationToken))
        {
            return false;
        }
        await router.RedeliverAsync(mailId, requestId, by, cancellationToken);
        return true;
    }

    /// <summary>Delivers the messages to one request; the number of messages delivered.</summary>
    public async Task<int> DeliverAsync(IReadOnlyCollection<Guid> mailIds, RequestInboxInfo request, string by, CancellationToken cancellationToken)
    {
        var found = await db.Set<IncomingMail>().Where(m => mailIds.Contains(m.Id)).Select(m => m.Id).ToListAsync(cancellationToken);
        foreach (var id in found)
        {
            await router.RedeliverAsync(id, request.Id, by, cancellationToken);
        }
        return found.Count;
    }

    public async Task<int> DiscardAsync(IReadOnlyCollection<Guid> mailIds, string reason, string by, CancellationToken cancellationToken)
    {
        var mails = await db.Set<IncomingMail>().Where(m => mailIds.Contains(m.Id)).ToListAsync(cancellationToken);
        foreach (var mail in mails)
        {
            mail.Discard($"{reason.Trim()} ({by})");
        }
        await db.SaveChangesAsync(cancellationToken);
        return mails.Count;
    }

    /// <summary>Routes a set-aside message again from the start (after the cause was fixed); false when there is no such message.</summary>
    public async Task<bool> RetryAsync(Guid mailId, CancellationToken cancellationToken)
    {
        if (await db.Set<IncomingMail>().SingleOrDefaultAsync(m => m.Id == mailId, cancellationToken) is not { } mail)
        {
            return false;
        }
        mail.RouteAgain();
        await db.SaveChangesAsync(cancellationToken);
        signal.Wake();
        return true;
    }

    public async Task SetBlockedAsync(string address, bool blocked, string by, CancellationToken cancellationToken)
    {
        var existing = await db.Set<BlockedAddress>().FindAsync([address], cancellationToken);
        if (!blocked && existing is not null)
        {
            db.Remove(existing);
        }
        else if (blocked && existing is null)
        {
            db.Add(BlockedAddress.Add(address, by, time.GetUtcNow()));
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The request an admin means by a number, a request address or a request page's URL.</summary>
    public async Task<RequestInboxInfo?> ResolveRequestAsync(string? reference, CancellationToken cancellationToken)
    {
        var text = reference?.Trim() ?? "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return await requests.FindAsync(id, cancellationToken);
        }
        if (addresses.TryParse(text, out var fromAddress))
        {
            return await requests.FindAsync(fromAddress, cancellationToken);
        }
        var slug = text.Split("/request/", 2).Last().Split('/', '?', '#')[0];
        return slug.Length == 0 ? null : await requests.FindBySlugAsync(slug, cancellationToken);
    }
}
