using System.Text.RegularExpressions;
using Foi.Common.Data;
using Foi.Common.Events;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Requests.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Foi.Modules.Mail.RouteMail;

/// <summary>
/// Decides where a stored email goes: a bounce to the outgoing message it reports on, a reply to every request it is
/// addressed to, anything else to the holding pen with the reason. Safe to run again on the same email.
/// </summary>
internal sealed partial class MailRouter(
    FoiDbContext db,
    IRequestAddresses addresses,
    IRequestInbox requests,
    IEventPublisher events,
    IEventOutbox outbox,
    IOptions<MailOptions> options,
    TimeProvider time,
    ILogger<MailRouter> logger)
{
    public async Task RouteAsync(Guid id, CancellationToken cancellationToken)
    {
        var mail = await db.Set<IncomingMail>().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (mail is null || mail.State is IncomingState.Discarded or IncomingState.Bounce)
        {
            return;
        }
        MimeMessage message;
        try
        {
            message = await MimeMessage.LoadAsync(new MemoryStream(mail.Raw, writable: false), cancellationToken);
        }
        catch (Exception exception) when (exception is FormatException or ParseException)
        {
            mail.Hold(HeldReason.Unparseable, exception.Message);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        mail.Describe(message.From.Mailboxes.FirstOrDefault()?.Address, message.Subject);

        if (BounceDetector.Detect(message) is { } bounce)
        {
            await HandleBounceAsync(mail, message, bounce, cancellationToken);
            return;
        }

        var recipients = MailClassifier.Recipients(message, mail.EnvelopeRecipientList);
        var lowered = recipients.Select(r => r.ToLowerInvariant()).ToList();
        var blocked = await db.Set<BlockedAddress>().Where(b => lowered.Contains(b.Address)).ToListAsync(cancellationToken);
        if (blocked.Count > 0)
        {
            foreach (var address in blocked)
            {
                address.CountDiscard();
            }
            mail.Discard($"sent to the blocked address {blocked[0].Address}");
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        var spamScore = message.Headers[options.Value.Receive.SpamScoreHeader];
        if (spamScore is not null && double.TryParse(spamScore.Trim().Split(' ', '/')[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var score)
            && score > options.Value.Receive.SpamScoreThreshold)
        {
            mail.Hold(HeldReason.SpamScore, $"{options.Value.Receive.SpamScoreHeader}: {score} is over {options.Value.Receive.SpamScoreThreshold}");
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        var requestIds = recipients.Select(r => addresses.TryParse(r, out var requestId) ? requestId : 0).Where(r => r > 0).Distinct().ToList();
        if (requestIds.Count == 0)
        {
            var nearMiss = recipients.Select(r => NearMiss().Match(r)).FirstOrDefault(m => m.Success && m.Groups[2].Value.Equals(options.Value.IncomingDomain, StringComparison.OrdinalIgnoreCase));
            if (nearMiss is not null)
            {
                mail.Hold(HeldReason.BadHash, $"addressed to request {nearMiss.Groups[1].Value} with a wrong code");
            }
            else
            {
                mail.Hold(HeldReason.NoRequestAddress, $"addressed to {string.Join(", ", recipients.Take(5))}");
            }
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var open = new List<int>();
        foreach (var requestId in requestIds)
        {
            if (await requests.FindAsync(requestId, cancellationToken) is { AcceptsResponses: true })
            {
                open.Add(requestId);
            }
        }
        if (open.Count == 0)
        {
            mail.Hold(HeldReason.ClosedToResponses, $"request {string.Join(", ", requestIds)} does not accept new responses");
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        await AddDeliveriesAsync(mail, open, routedBy: null, cancellationToken);
    }

    /// <summary>An admin sends a held email to a request of their choice, whatever its address said.</summary>
    public async Task RedeliverAsync(Guid id, int requestId, string admin, CancellationToken cancellationToken)
    {
        var mail = await db.Set<IncomingMail>().SingleAsync(m => m.Id == id, cancellationToken);
        await AddDeliveriesAsync(mail, [requestId], admin, cancellationToken);
    }

    /// <summary>Hands routed mail the Requests module has not yet published to it again (after a crash or a failed handler).</summary>
    public async Task<int> DeliverPendingAsync(Guid? only, CancellationToken cancellationToken)
    {
        var pending = await db.Set<IncomingDelivery>()
            .Where(d => d.DeliveredAt == null && (only == null || d.IncomingMailId == only))
            .OrderBy(d => d.Id).Take(200).ToListAsync(cancellationToken);
        var delivered = 0;
        foreach (var delivery in pending)
        {
            try
            {
                if (await events.PublishAsync(new IncomingMailRouted(delivery.IncomingMailId, delivery.RequestId), cancellationToken))
                {
                    delivery.MarkDelivered(time.GetUtcNow());
                    await db.SaveChangesAsync(cancellationToken);
                    delivered++;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException && only is null)
            {
                // One delivery that cannot be published holds back no other; it is tried again at the next round.
                logger.LogError(exception, "Publishing mail {Mail} on request {Request} failed", delivery.IncomingMailId, delivery.RequestId);
            }
        }
        return delivered;
    }

    private async Task AddDeliveriesAsync(IncomingMail mail, IReadOnlyList<int> requestIds, string? routedBy, CancellationToken cancellationToken)
    {
        var known = await db.Set<IncomingDelivery>().Where(d => d.IncomingMailId == mail.Id).Select(d => d.RequestId).ToListAsync(cancellationToken);
        foreach (var requestId in requestIds.Except(known))
        {
            db.Add(IncomingDelivery.For(mail.Id, requestId, time.GetUtcNow(), routedBy));
        }
        mail.MarkRouted(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await DeliverPendingAsync(mail.Id, cancellationToken);
    }

    private async Task HandleBounceAsync(IncomingMail mail, MimeMessage message, BounceReport bounce, CancellationToken cancellationToken)
    {
        OutgoingMail? outgoing = null;
        if (bounce.OriginalMessageId is { } original)
        {
            outgoing = await db.Set<OutgoingMail>().SingleOrDefaultAsync(o => o.MessageId == original, cancellationToken);
        }
        if (outgoing is null)
        {
            // A bounce comes back to the envelope sender, which is the request's own address.
            var ours = MailClassifier.Recipients(message, mail.EnvelopeRecipientList)
                .Where(r => addresses.TryParse(r, out _)).Select(r => r.ToLowerInvariant()).ToList();
            if (ours.Count > 0)
            {
                outgoing = await db.Set<OutgoingMail>().Where(o => ours.Contains(o.EnvelopeFrom)) // request addresses are made lowercase
                    .OrderByDescending(o => o.QueuedAt).FirstOrDefaultAsync(cancellationToken);
            }
        }
        if (outgoing is null)
        {
            mail.Hold(HeldReason.UnmatchedBounce, bounce.Diagnostic);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        mail.MarkBounce($"{(bounce.Permanent ? "bounce" : "delay warning")} for {outgoing.MessageId}: {bounce.Diagnostic}");
        if (bounce.Permanent && outgoing.Recipients.Count > 1 && await FailOneRecipientAsync(outgoing, bounce, cancellationToken) is { } partial)
        {
            outbox.Enqueue(partial);
        }
        else if (bounce.Permanent && outgoing.State != DeliveryState.Bounced)
        {
            outgoing.MarkBounced(time.GetUtcNow(), bounce.Diagnostic);
            outbox.Enqueue(new OutgoingMailBounced(outgoing.Id, bounce.Diagnostic)); // saved with the bounce, told after
        }
        if (bounce.Permanent && string.Equals(outgoing.EnvelopeFrom, options.Value.ResolvedSiteFromAddress, StringComparison.OrdinalIgnoreCase))
        {
            // The site's own mail: the person's address is dead, and the site should stop writing to it.
            outbox.Enqueue(new SiteMailBounced(outgoing.Id, outgoing.Purpose, outgoing.Recipients, bounce.Diagnostic));
        }
        await db.SaveChangesAsync(cancellationToken);
        await outbox.DispatchEnqueuedAsync(cancellationToken);
        if (bounce.Permanent)
        {
            await events.PublishAsync(new OutgoingMailStatusChanged([outgoing.Id]), cancellationToken);
        }
        logger.LogInformation("Bounce {Incoming} matched outgoing {MessageId}", mail.Id, outgoing.MessageId);
    }

    /// <summary>
    /// A bounce of a message to several addresses that names the one that failed marks that address alone, so the
    /// page and the requester's notice say the others still have it. The whole message is bounced only once every
    /// address has failed. Null when the bounce names none of the message's addresses (then it counts for all).
    /// </summary>
    private async Task<OutgoingMailBounced?> FailOneRecipientAsync(OutgoingMail outgoing, BounceReport bounce, CancellationToken cancellationToken)
    {
        var recipients = outgoing.Recipients.Select(r => r.ToLowerInvariant()).ToList();
        var failed = bounce.FailedRecipients.Select(r => r.ToLowerInvariant()).Where(recipients.Contains).Distinct().ToList();
        if (failed.Count == 0)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var deliveries = await db.Set<RecipientDelivery>().Where(d => d.OutgoingMailId == outgoing.Id).ToListAsync(cancellationToken);
        foreach (var address in failed)
        {
            var delivery = deliveries.FirstOrDefault(d => d.Recipient == address);
            if (delivery is null)
            {
                delivery = RecipientDelivery.For(outgoing.Id, address);
                db.Add(delivery);
                deliveries.Add(delivery);
            }
            delivery.Apply(RecipientStatus.Failed, now, bounce.Diagnostic, null);
            delivery.ProblemNotified(now); // told below, not again by the log import
        }
        if (recipients.All(r => deliveries.Any(d => d.Recipient == r && d.Status == RecipientStatus.Failed)) && outgoing.State != DeliveryState.Bounced)
        {
            outgoing.MarkBounced(now, bounce.Diagnostic);
        }
        var others = recipients.Except(failed)
            .Select(r => $"{r} ({(deliveries.FirstOrDefault(d => d.Recipient == r)?.Status ?? RecipientStatus.Sent).ToLogWord()})")
            .ToList();
        return new OutgoingMailBounced(outgoing.Id, bounce.Diagnostic, string.Join(", ", failed), others);
    }

    [GeneratedRegex(@"^request-([0-9]+)-[^@]*@(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex NearMiss();
}
