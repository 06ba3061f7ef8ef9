using System.Text;
using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Mail.ReadMailLogs;

/// <summary>
/// One import's reading of the logs: what it has learnt about queue ids, messages and recipients lives here and dies
/// with it, so every run starts from the database alone.
/// </summary>
internal sealed class MailLogImportRun(FoiDbContext db, MailOptions options, TimeProvider time, ILogger logger)
{
    private const int SaveEvery = 2000;
    private const int BatchSize = 4000;

    private readonly Dictionary<(string Mta, string QueueId), Guid> ours = [];

    private readonly OurMailFilter filter = new(options.IncomingDomain);

    // What this run has looked up about our outgoing messages, so each is asked of the database once.
    private readonly Dictionary<string, (Guid Id, string From, string To)?> byMessageId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(Guid Id, DateTimeOffset QueuedAt)>> bySender = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Guid, string> senderOf = [];
    private readonly Dictionary<Guid, IReadOnlyList<string>> recipientsOf = [];

    // Outgoing messages whose Message-ID line this run read: their recipients have no delivery rows from earlier runs
    // unless the message was seen before, which the queue-id table says.
    private readonly HashSet<Guid> newThisRun = [];
    private readonly HashSet<Guid> seenBefore = [];
    private readonly Dictionary<(Guid, string), RecipientDelivery> deliveries = [];
    private readonly HashSet<Guid> deliveriesLoaded = [];

    // What the next save writes, in a few multi-row statements rather than one per row: an import adds tens of
    // thousands of rows.
    private readonly List<MailLogEvidence> unsavedLines = [];
    private readonly Dictionary<(string, string), MailLogQueueId> unsavedQueueIds = [];
    private readonly HashSet<RecipientDelivery> unsavedDeliveries = [];

    private int statusChanges;
    private int pending;

    /// <summary>The outgoing messages whose status or evidence this run saved.</summary>
    public HashSet<Guid> Changed { get; } = [];

    public async Task<MailLogImportReport> ReadAsync(IReadOnlyList<string> files, Action<string, long>? progress, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().AddDays(-60);
        foreach (var known in await db.Set<MailLogQueueId>().AsNoTracking().Where(q => q.SeenAt > since).ToListAsync(cancellationToken))
        {
            ours[(known.Mta, known.QueueId)] = known.OutgoingMailId;
            filter.Remember(known.QueueId);
            seenBefore.Add(known.OutgoingMailId);
        }
        var zone = options.Logs.ResolveTimeZone();
        var problems = new List<string>();
        long lines = 0, oursCount = 0, unparseable = 0, invalid = 0;
        var filesRead = 0;
        var batch = new List<(LogLine Line, RawLogLine Raw)>();

        foreach (var path in files)
        {
            try
            {
                var identity = LogFileReader.Identity(path);
                if (identity is null)
                {
                    continue; // no complete line yet
                }
                var state = await db.Set<MailLogFile>().FindAsync([identity], cancellationToken);
                if (state is null)
                {
                    state = MailLogFile.Start(identity, path, time.GetUtcNow());
                    db.Add(state);
                }
                var start = state.Offset;
                var number = state.LinesRead;
                if (!LogFileReader.IsGzip(path) && new FileInfo(path).Length < start)
                {
                    start = 0; // truncated and rewritten from the same first line
                    number = 0;
                }
                var clock = LogClock.Of(path, zone);
                var finished = LogFileReader.IsFinished(path);
                await using var stream = LogFileReader.Open(path);
                var position = new LogReadPosition();
                foreach (var raw in LogFileReader.ReadLines(stream, start, number, includePartialLast: finished, filter.Wants, position))
                {
                    if (raw.InvalidUtf8)
                    {
                        invalid++;
                    }
                    switch (MailLogLine.TryParse(raw.Text, clock, out var line))
                    {
                        case ParseResult.Unparseable:
                            unparseable++;
                            break;
                        case ParseResult.Parsed when line is not null:
                            batch.Add((line, raw));
                            if (batch.Count >= BatchSize)
                            {
                                oursCount += await FlushAsync(batch, state, cancellationToken);
                                progress?.Invoke(path, lines + position.Number - number);
                            }
                            break;
                    }
                }
                oursCount += await FlushAsync(batch, state, cancellationToken);
                lines += position.Number - number;
                state.Advance(path, position.Offset, position.Number, time.GetUtcNow());
                await SaveAsync(cancellationToken);
                filesRead++;
                progress?.Invoke(path, lines);
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                // A corrupt gzip or an unreadable file is reported; the other files go on.
                problems.Add($"{path}: {exception.Message}");
                logger.LogWarning(exception, "Could not read mail log {Path}", path);
                db.ChangeTracker.Clear();
                batch.Clear();
                deliveries.Clear();
                deliveriesLoaded.Clear();
                unsavedLines.Clear();
                unsavedQueueIds.Clear();
                unsavedDeliveries.Clear();
            }
        }
        return new MailLogImportReport(filesRead, lines, oursCount, unparseable, invalid, statusChanges, problems);
    }

    /// <summary>
    /// Looks up, in a few queries for the whole batch, what its lines need (their messages, queue-id rows, delivery
    /// rows), then records the lines in order. Returns how many were about our mail.
    /// </summary>
    private async Task<int> FlushAsync(List<(LogLine Line, RawLogLine Raw)> batch, MailLogFile file, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }
        var messageIds = batch.Where(b => b.Line.MessageId is not null).Select(b => b.Line.MessageId!).Distinct().Where(id => !byMessageId.ContainsKey(id)).ToList();
        foreach (var chunk in messageIds.Chunk(500))
        {
            var found = await db.Set<OutgoingMail>().AsNoTracking().Where(m => EF.Parameter(chunk).Contains(m.MessageId))
                .Select(m => new { m.Id, m.MessageId, m.EnvelopeFrom, m.EnvelopeTo }).ToListAsync(cancellationToken);
            foreach (var id in chunk)
            {
                byMessageId[id] = null;
            }
            foreach (var m in found)
            {
                byMessageId[m.MessageId] = (m.Id, m.EnvelopeFrom, m.EnvelopeTo);
            }
        }
        // A sender names the message only where no Message-ID did (an MTA that logs none, or a line cut short).
        var named = batch.Where(b => b.Line.MessageId is { } m && byMessageId.GetValueOrDefault(m) is not null).Select(b => (b.Line.Mta, b.Line.QueueId)).ToHashSet();
        var senders = batch.Where(b => b.Line.Kind == LogLineKind.Arrival && b.Line.Sender is { Length: > 0 } && !named.Contains((b.Line.Mta, b.Line.QueueId)))
            .Select(b => b.Line.Sender!.ToLowerInvariant())
            .Distinct().Where(sender => !bySender.ContainsKey(sender)).ToList();
        foreach (var chunk in senders.Chunk(500))
        {
            var found = await db.Set<OutgoingMail>().AsNoTracking().Where(m => EF.Parameter(chunk).Contains(m.EnvelopeFrom))
                .Select(m => new { m.Id, m.EnvelopeFrom, m.QueuedAt, m.EnvelopeTo }).ToListAsync(cancellationToken);
            foreach (var sender in chunk)
            {
                bySender[sender] = [];
            }
            foreach (var m in found)
            {
                bySender[m.EnvelopeFrom].Add((m.Id, m.QueuedAt));
                senderOf[m.Id] = m.EnvelopeFrom;
                recipientsOf[m.Id] = m.EnvelopeTo.Split(',', StringSplitOptions.RemoveEmptyEntries);
            }
        }
        var outgoing = batch.Select(b => ours.TryGetValue((b.Line.Mta, b.Line.QueueId), out var id) ? id : (Guid?)null)
            .Concat(batch.Select(b => b.Line.MessageId is { } m && byMessageId.GetValueOrDefault(m) is { } hit ? hit.Id : (Guid?)null))
            .OfType<Guid>().Where(id => seenBefore.Contains(id) && !deliveriesLoaded.Contains(id)).Distinct().ToList();
        foreach (var chunk in outgoing.Chunk(500))
        {
            foreach (var delivery in await db.Set<RecipientDelivery>().AsNoTracking().Where(d => EF.Parameter(chunk).Contains(d.OutgoingMailId)).ToListAsync(cancellationToken))
            {
                deliveries[(delivery.OutgoingMailId, delivery.Recipient)] = delivery;
            }
            deliveriesLoaded.UnionWith(chunk);
        }

        var count = 0;
        foreach (var (line, raw) in batch)
        {
            if (await IngestAsync(line, raw, file, cancellationToken))
            {
                count++;
            }
        }
        if (pending >= SaveEvery)
        {
            // The file's position moves in the same transaction as the rows read up to it: killed at any moment, the
            // next run starts right after the last line saved, and nothing is read twice or skipped.
            var last = batch[^1].Raw;
            file.Advance(file.Path, last.EndOffset, last.Number, time.GetUtcNow());
            await SaveAsync(cancellationToken);
        }
        batch.Clear();
        return count;
    }

    /// <summary>Records a line if it is about one of our messages; true if it was.</summary>
    private async Task<bool> IngestAsync(LogLine line, RawLogLine raw, MailLogFile file, CancellationToken cancellationToken)
    {
        var key = (line.Mta, line.QueueId);
        var known = ours.TryGetValue(key, out var outgoingId);
        if (known && line.Kind == LogLineKind.Arrival && line.Sender is { Length: > 0 } sender
            && !string.Equals(await SenderOfAsync(outgoingId, cancellationToken), sender, StringComparison.OrdinalIgnoreCase))
        {
            known = false; // a recycled queue id now carrying another sender's message
        }
        // A Message-ID line starts a message; under a recycled queue id it may be someone else's, or another of ours.
        if (line.Kind == LogLineKind.Arrival && (!known || line.MessageId is not null))
        {
            var found = await FindOutgoingAsync(line, cancellationToken);
            if (found is null)
            {
                if (known && line.MessageId is not null)
                {
                    ours.Remove(key);
                }
                return false;
            }
            if (!known || found.Value != outgoingId)
            {
                outgoingId = found.Value;
                ours[key] = outgoingId;
                filter.Remember(line.QueueId);
                // Written or, when the MTA reused the id, taken over by this message.
                unsavedQueueIds[key] = MailLogQueueId.For(line.Mta, line.QueueId, outgoingId, line.Time);
            }
        }
        else if (!known)
        {
            return false;
        }
        unsavedLines.Add(MailLogEvidence.Of(outgoingId, file.Identity, file.Path, raw.Number, line.Time, raw.Text));
        var recipients = line.Recipient is { } one ? [one] : await RecipientsOfAsync(outgoingId, cancellationToken);
        var status = line.Status ?? RecipientStatus.Sent;
        foreach (var recipient in recipients)
        {
            var delivery = await DeliveryAsync(outgoingId, recipient, cancellationToken);
            if (delivery.Apply(status, line.Time, line.Reason, line.RemoteHost))
            {
                statusChanges++;
                unsavedDeliveries.Add(delivery);
            }
        }
        pending++;
        return true;
    }

    /// <summary>Saves the rows read so far and the file's position in one transaction.</summary>
    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await BulkRows.UpsertAsync(db, unsavedQueueIds.Values, [nameof(MailLogQueueId.Mta), nameof(MailLogQueueId.QueueId)],
                [nameof(MailLogQueueId.OutgoingMailId), nameof(MailLogQueueId.SeenAt)], cancellationToken);
            // A line already saved (its file and number) is not saved again.
            await BulkRows.UpsertAsync(db, unsavedLines, [nameof(MailLogEvidence.FileIdentity), nameof(MailLogEvidence.LineNumber)], [], cancellationToken);
            await BulkRows.UpsertAsync(db, unsavedDeliveries, [nameof(RecipientDelivery.OutgoingMailId), nameof(RecipientDelivery.Recipient)],
                [nameof(RecipientDelivery.Status), nameof(RecipientDelivery.Time), nameof(RecipientDelivery.DeferredSince), nameof(RecipientDelivery.Reason), nameof(RecipientDelivery.RemoteHost)],
                cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        Changed.UnionWith(unsavedDeliveries.Select(d => d.OutgoingMailId));
        Changed.UnionWith(unsavedLines.Select(l => l.OutgoingMailId));
        unsavedQueueIds.Clear();
        unsavedLines.Clear();
        unsavedDeliveries.Clear();
        pending = 0;
    }

    private async Task<Guid?> FindOutgoingAsync(LogLine line, CancellationToken cancellationToken)
    {
        if (line.MessageId is { } messageId)
        {
            if (!byMessageId.TryGetValue(messageId, out var cached))
            {
                var row = await db.Set<OutgoingMail>().AsNoTracking().Where(m => m.MessageId == messageId)
                    .Select(m => new { m.Id, m.EnvelopeFrom, m.EnvelopeTo }).FirstOrDefaultAsync(cancellationToken);
                cached = row is null ? null : (row.Id, row.EnvelopeFrom, row.EnvelopeTo);
                byMessageId[messageId] = cached;
            }
            if (cached is { } hit)
            {
                senderOf[hit.Id] = hit.From;
                recipientsOf[hit.Id] = hit.To.Split(',', StringSplitOptions.RemoveEmptyEntries);
                newThisRun.Add(hit.Id);
                return hit.Id;
            }
        }
        if (line.Sender is { Length: > 0 } sender)
        {
            // No Message-ID seen: the request address as envelope sender names the request; take its latest message sent by then.
            var lower = sender.ToLowerInvariant();
            var before = line.Time.AddMinutes(10);
            if (!bySender.TryGetValue(lower, out var list))
            {
                list = (await db.Set<OutgoingMail>().Where(m => m.EnvelopeFrom == lower).Select(m => new { m.Id, m.QueuedAt }).ToListAsync(cancellationToken))
                    .Select(m => (m.Id, m.QueuedAt)).ToList();
                bySender[lower] = list;
            }
            var candidates = list.Select(c => new { c.Id, c.QueuedAt }).ToList();
            // Only this request's messages use its address: the latest sent before the line, else (clocks disagree) its first.
            return candidates.Where(c => c.QueuedAt <= before).OrderByDescending(c => c.QueuedAt).Select(c => (Guid?)c.Id).FirstOrDefault()
                ?? candidates.OrderBy(c => c.QueuedAt).Select(c => (Guid?)c.Id).FirstOrDefault();
        }
        return null;
    }

    private async Task<string> SenderOfAsync(Guid outgoingId, CancellationToken cancellationToken)
    {
        if (!senderOf.TryGetValue(outgoingId, out var sender))
        {
            sender = await db.Set<OutgoingMail>().Where(m => m.Id == outgoingId).Select(m => m.EnvelopeFrom).SingleAsync(cancellationToken);
            senderOf[outgoingId] = sender;
        }
        return sender;
    }

    private async Task<IReadOnlyList<string>> RecipientsOfAsync(Guid outgoingId, CancellationToken cancellationToken)
    {
        if (!recipientsOf.TryGetValue(outgoingId, out var list))
        {
            var envelope = await db.Set<OutgoingMail>().Where(m => m.Id == outgoingId).Select(m => m.EnvelopeTo).SingleAsync(cancellationToken);
            list = envelope.Split(',', StringSplitOptions.RemoveEmptyEntries);
            recipientsOf[outgoingId] = list;
        }
        return list;
    }

    private async Task<RecipientDelivery> DeliveryAsync(Guid outgoingId, string recipient, CancellationToken cancellationToken)
    {
        var key = (outgoingId, recipient.ToLowerInvariant());
        if (deliveries.TryGetValue(key, out var delivery))
        {
            return delivery;
        }
        // A message first seen in this run, under a queue id never seen before, has no delivery rows yet.
        delivery = deliveriesLoaded.Contains(outgoingId) || (newThisRun.Contains(outgoingId) && !seenBefore.Contains(outgoingId))
            ? null
            : await db.Set<RecipientDelivery>().AsNoTracking().SingleOrDefaultAsync(d => d.OutgoingMailId == outgoingId && d.Recipient == key.Item2, cancellationToken);
        delivery ??= RecipientDelivery.For(outgoingId, recipient);
        deliveries[key] = delivery;
        return delivery;
    }

}
