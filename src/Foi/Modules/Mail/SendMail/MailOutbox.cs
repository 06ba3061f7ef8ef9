using Foi.Common.Data;
using Foi.Common.Events;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Foi.Modules.Mail.SendMail;

internal sealed class MailOutbox(
    FoiDbContext db,
    IMailTransport transport,
    IEventPublisher events,
    IOptions<MailOptions> options,
    TimeProvider time,
    ILogger<MailOutbox> logger) : IMailOutbox
{
    /// <summary>How long the retry job leaves a new message to the immediate attempt, so the two do not both send it.</summary>
    internal static readonly TimeSpan ImmediateAttemptWindow = TimeSpan.FromMinutes(2);

    public QueuedEmail Enqueue(OutgoingEmail email) => Build(email, []);

    public async Task<QueuedEmail> EnqueueAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var ids = email.Answers ?? [];
        if (ids.Count == 0)
        {
            return Build(email, []);
        }
        var sent = await db.Set<OutgoingMail>().AsNoTracking().Where(m => ids.Contains(m.Id)).Select(m => new { m.Id, MessageId = (string?)m.MessageId }).ToListAsync(cancellationToken);
        var received = await db.Set<IncomingMail>().AsNoTracking().Where(m => ids.Contains(m.Id)).Select(m => new { m.Id, m.MessageId }).ToListAsync(cancellationToken);
        var byId = sent.Concat(received).Where(m => !string.IsNullOrWhiteSpace(m.MessageId)).ToDictionary(m => m.Id, m => m.MessageId!);
        return Build(email, [.. ids.Where(byId.ContainsKey).Select(id => byId[id])]);
    }

    private QueuedEmail Build(OutgoingEmail email, IReadOnlyList<string> thread)
    {
        var id = Guid.CreateVersion7(time.GetUtcNow());
        var from = email.FromAddress ?? options.Value.ResolvedSiteFromAddress;
        var messageId = $"foi-{id:N}@{options.Value.IncomingDomain}";

        var message = new MimeMessage { MessageId = messageId, Subject = email.Subject, Date = time.GetUtcNow() };
        message.From.Add(new MailboxAddress(email.FromName, from));
        foreach (var recipient in email.To)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }
        if (email.ReplyTo is not null)
        {
            message.ReplyTo.Add(MailboxAddress.Parse(email.ReplyTo));
        }
        message.Body = new TextPart("plain") { Text = email.TextBody };
        foreach (var (name, value) in email.Headers ?? [])
        {
            message.Headers.Add(name, value); // e.g. List-Unsubscribe on alerts
        }
        if (thread.Count > 0)
        {
            message.InReplyTo = thread[^1];
            // The first and the latest few are enough to thread; a long correspondence would make a huge header.
            foreach (var reference in thread.Count <= 10 ? thread : [thread[0], .. thread.TakeLast(9)])
            {
                message.References.Add(reference);
            }
        }

        using var bytes = new MemoryStream();
        message.WriteTo(bytes);
        db.Set<OutgoingMail>().Add(OutgoingMail.Queue(
            id, messageId, from, email.To, email.Subject, email.Purpose, bytes.ToArray(), time.GetUtcNow(), ImmediateAttemptWindow));
        return new QueuedEmail(id, messageId);
    }

    public async Task TrySendAsync(Guid id, CancellationToken cancellationToken)
    {
        var mail = await db.Set<OutgoingMail>().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (mail is null || mail.State is DeliveryState.Sent or DeliveryState.Bounced)
        {
            return;
        }
        try
        {
            using var stream = new MemoryStream(mail.Mime);
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            var recipients = mail.Recipients.Select(MailboxAddress.Parse).ToList();
            var response = await transport.DeliverAsync(message, MailboxAddress.Parse(mail.EnvelopeFrom), recipients, cancellationToken);
            mail.MarkSent(time.GetUtcNow(), response);
            logger.LogInformation("Sent {MessageId} to {Recipients}", mail.MessageId, mail.EnvelopeTo);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            mail.MarkFailed(time.GetUtcNow(), exception.Message);
            logger.LogWarning(exception, "Could not send {MessageId}; will retry at {NextAttempt}", mail.MessageId, mail.NextAttemptAt);
        }
        await db.SaveChangesAsync(CancellationToken.None);
        await events.PublishAsync(new OutgoingMailStatusChanged([mail.Id]), CancellationToken.None);
    }

    /// <summary>Messages whose next attempt is due: never sent, or failed and past their back-off.</summary>
    public async Task<int> SendDueAsync(int batchSize, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await db.Set<OutgoingMail>()
            .Where(m => (m.State == DeliveryState.Queued || m.State == DeliveryState.Failed) && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        foreach (var id in due)
        {
            await TrySendAsync(id, cancellationToken);
        }
        return due.Count;
    }
}

internal sealed class OutgoingMailStatuses(FoiDbContext db) : IOutgoingMailStatuses, IDeliveryEvidence
{
    public async Task<IReadOnlyDictionary<Guid, OutgoingMailStatus>> GetAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return new Dictionary<Guid, OutgoingMailStatus>();
        }
        var logged = (await db.Set<RecipientDelivery>().AsNoTracking().Where(d => ids.Contains(d.OutgoingMailId)).ToListAsync(cancellationToken))
            .ToLookup(d => d.OutgoingMailId, d => new LoggedDelivery(d.Recipient, d.Status, d.Time, d.RemoteHost, d.Reason));
        var mails = await db.Set<OutgoingMail>().AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync(cancellationToken);
        return mails.ToDictionary(m => m.Id, m => new OutgoingMailStatus(m.Id, m.MessageId, m.State, m.QueuedAt, m.SentAt, m.LastError, m.Attempts, logged[m.Id].ToList(), m.Recipients));
    }

    public async Task<IReadOnlyList<SentMail>> ToAddressAsync(string address, int count, CancellationToken cancellationToken)
    {
        // EnvelopeTo holds the recipients separated by commas, as the site addressed them: narrowed in the database,
        // matched exactly here (LIKE's '_' matches any character, and an address can be part of another).
        var mails = (await db.Set<OutgoingMail>().AsNoTracking()
                .Where(m => EF.Functions.Like(m.EnvelopeTo, "%" + address + "%"))
                .OrderByDescending(m => m.QueuedAt)
                .Select(m => new { m.Id, m.Subject, m.Purpose, m.EnvelopeTo })
                .ToListAsync(cancellationToken))
            .Where(m => m.EnvelopeTo.Split(',').Contains(address, StringComparer.OrdinalIgnoreCase))
            .Take(count)
            .ToList();
        var statuses = await GetAsync(mails.Select(m => m.Id).ToList(), cancellationToken);
        return mails.Select(m => new SentMail(m.Subject, m.Purpose, statuses[m.Id])).ToList();
    }

    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<DeliveryEvidence>>> LinesAsync(IReadOnlyCollection<Guid> outgoingMailIds, CancellationToken cancellationToken) =>
        outgoingMailIds.Count == 0
            ? new Dictionary<Guid, IReadOnlyList<DeliveryEvidence>>()
            : (await db.Set<MailLogEvidence>().AsNoTracking().Where(e => outgoingMailIds.Contains(e.OutgoingMailId)).ToListAsync(cancellationToken))
                .GroupBy(e => e.OutgoingMailId)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<DeliveryEvidence>)g.OrderBy(e => e.Time).ThenBy(e => e.LineNumber)
                    .Select(e => new DeliveryEvidence(e.Time, e.Text, e.FilePath, e.LineNumber)).ToList());
}
