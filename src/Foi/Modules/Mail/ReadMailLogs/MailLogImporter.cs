using System.Text;
using Foi.Common.Data;
using Foi.Common.Events;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Mail.ReadMailLogs;

internal sealed record MailLogImportReport(
    int Files,
    long Lines,
    long LinesAboutOurMail,
    long Unparseable,
    long InvalidUtf8,
    int StatusChanges,
    IReadOnlyList<string> Problems);

/// <summary>
/// Reads the MTA's logs incrementally (each file from where the last run stopped), keeps the lines about our own
/// outgoing messages as evidence, and updates each message's delivery status per recipient. Lines about other mail are
/// skipped after a byte search, without being parsed, so an import costs little more than reading the file.
/// </summary>
internal sealed partial class MailLogImporter(FoiDbContext db, IEventPublisher events, IOptions<MailOptions> options, TimeProvider time, ILogger<MailLogImporter> logger)
{
    private const int SaveEvery = 2000;

    private readonly Dictionary<(string Mta, string QueueId), Guid> ours = [];

    // The queue ids of our messages, looked up from a span of the line without allocating: the hot path of an import.
    private readonly HashSet<string> ourQueueIds = new(StringComparer.Ordinal);
    private readonly Dictionary<(Guid, string), RecipientDelivery> deliveries = [];
    private readonly Dictionary<Guid, IReadOnlyList<string>> recipientsOf = [];
    private int statusChanges;
    private int pending;

    public static IReadOnlyList<string> Expand(IEnumerable<string> patterns)
    {
        var files = new List<string>();
        foreach (var pattern in patterns)
        {
            if (File.Exists(pattern))
            {
                files.Add(Path.GetFullPath(pattern));
                continue;
            }
            var directory = Path.GetDirectoryName(Path.GetFullPath(pattern)) ?? "/";
            if (!Directory.Exists(directory))
            {
                continue;
            }
            var matcher = new Matcher();
            matcher.AddInclude(Path.GetFileName(pattern));
            files.AddRange(matcher.GetResultsInFullPath(directory));
        }
        // Oldest first, so a rotated file's lines come before the current file's.
        return files.Distinct().OrderBy(File.GetLastWriteTimeUtc).ThenByDescending(f => f, StringComparer.Ordinal).ToList();
    }

    public async Task<MailLogImportReport> ImportAsync(IReadOnlyList<string> files, Action<string, long>? progress, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().AddDays(-60);
        foreach (var known in await db.Set<MailLogQueueId>().AsNoTracking().Where(q => q.SeenAt > since).ToListAsync(cancellationToken))
        {
            ours[(known.Mta, known.QueueId)] = known.OutgoingMailId;
            ourQueueIds.Add(known.QueueId);
        }
        var marker = Encoding.UTF8.GetBytes(options.Value.IncomingDomain.ToLowerInvariant());
        var offset = TimeZoneInfo.Local.GetUtcOffset(DateTime.Now);
        var problems = new List<string>();
        long lines = 0, oursCount = 0, unparseable = 0, invalid = 0;
        var filesRead = 0;

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
                var year = File.GetLastWriteTime(path).Year;
                var finished = LogFileReader.IsGzip(path) || RotatedName().IsMatch(path);
                await using var stream = LogFileReader.Open(path);
                var end = start;
                foreach (var raw in LogFileReader.ReadLines(stream, start, number, includePartialLast: finished, bytes => IsAboutOurMail(bytes.Span, marker)))
                {
                    lines++;
                    end = raw.EndOffset;
                    number = raw.Number;
                    if (raw.Text.Length == 0)
                    {
                        continue;
                    }
                    if (raw.InvalidUtf8)
                    {
                        invalid++;
                    }
                    switch (MailLogLine.TryParse(raw.Text, year, offset, out var line))
                    {
                        case ParseResult.Unparseable:
                            unparseable++;
                            break;
                        case ParseResult.Parsed when line is not null:
                            if (await IngestAsync(line, raw, state, cancellationToken))
                            {
                                oursCount++;
                            }
                            break;
                    }
                    if (lines % 100_000 == 0)
                    {
                        progress?.Invoke(path, lines);
                    }
                }
                state.Advance(path, end, number, time.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
                pending = 0;
                filesRead++;
                progress?.Invoke(path, lines);
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                // A corrupt gzip or an unreadable file is reported; the other files go on.
                problems.Add($"{path}: {exception.Message}");
                logger.LogWarning(exception, "Could not read mail log {Path}", path);
                db.ChangeTracker.Clear();
            }
        }
        await TellAboutProblemsAsync(cancellationToken);
        return new MailLogImportReport(filesRead, lines, oursCount, unparseable, invalid, statusChanges, problems);
    }

    /// <summary>mainlog.1, mail.log-20260101: logrotate's names for files no longer written to.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(\.\d+|-\d{8}(-\d{6})?)(\.gz)?$")]
    private static partial System.Text.RegularExpressions.Regex RotatedName();

    private bool IsAboutOurMail(ReadOnlySpan<byte> line, byte[] marker)
    {
        if (line.IndexOf(marker) >= 0)
        {
            return true;
        }
        if (ourQueueIds.Count == 0)
        {
            return false;
        }
        var queueId = QueueIdOf(line);
        if (queueId.Length is 0 or > 64)
        {
            return false;
        }
        Span<char> chars = stackalloc char[queueId.Length];
        for (var i = 0; i < queueId.Length; i++)
        {
            chars[i] = (char)queueId[i];
        }
        return ourQueueIds.GetAlternateLookup<ReadOnlySpan<char>>().Contains(chars);
    }

    /// <summary>The queue id's bytes, found without decoding the line: after "]: " for Postfix, after the timestamp for Exim.</summary>
    private static ReadOnlySpan<byte> QueueIdOf(ReadOnlySpan<byte> line)
    {
        var postfix = line.IndexOf("]: "u8);
        if (postfix > 0 && line[..postfix].IndexOf(" postfix"u8) >= 0)
        {
            var rest = line[(postfix + 3)..];
            var colon = rest.IndexOf((byte)':');
            return colon > 0 ? rest[..colon] : [];
        }
        if (line.Length > 21 && line[4] == '-' && line[10] == ' ' && line[19] == ' ')
        {
            var rest = line[20..];
            if (rest.Length > 0 && rest[0] == '[')
            {
                var close = rest.IndexOf("] "u8);
                rest = close > 0 ? rest[(close + 2)..] : rest;
            }
            if (rest.Length > 0 && (rest[0] == '+' || rest[0] == '-'))
            {
                rest = rest.Length > 6 ? rest[6..] : rest; // a time zone after the timestamp
            }
            var space = rest.IndexOf((byte)' ');
            return space > 0 ? rest[..space] : [];
        }
        // Rare shapes (Exim behind a syslog prefix): decode and use the parser's pattern.
        var found = MailLogLine.QueueIdOf(Encoding.UTF8.GetString(line));
        return found is null ? [] : Encoding.ASCII.GetBytes(found);
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
                ourQueueIds.Add(line.QueueId);
                var row = await db.Set<MailLogQueueId>().FindAsync([line.Mta, line.QueueId], cancellationToken);
                if (row is null)
                {
                    db.Add(MailLogQueueId.For(line.Mta, line.QueueId, outgoingId, line.Time));
                }
                else
                {
                    row.Reassign(outgoingId, line.Time);
                }
            }
        }
        else if (!known)
        {
            return false;
        }
        db.Add(MailLogEvidence.Of(outgoingId, file.Identity, file.Path, raw.Number, line.Time, raw.Text));
        var recipients = line.Recipient is { } one ? [one] : await RecipientsOfAsync(outgoingId, cancellationToken);
        var status = line.Status switch
        {
            LogStatus.Delivered => "delivered",
            LogStatus.Deferred => "deferred",
            LogStatus.Failed => "failed",
            _ => "sent",
        };
        foreach (var recipient in recipients)
        {
            var delivery = await DeliveryAsync(outgoingId, recipient, cancellationToken);
            if (delivery.Apply(status, line.Time, line.Reason, line.RemoteHost))
            {
                statusChanges++;
            }
        }
        if (++pending >= SaveEvery)
        {
            await db.SaveChangesAsync(cancellationToken);
            pending = 0;
        }
        return true;
    }

    private async Task<Guid?> FindOutgoingAsync(LogLine line, CancellationToken cancellationToken)
    {
        if (line.MessageId is { } messageId)
        {
            var byId = await db.Set<OutgoingMail>().Where(m => m.MessageId == messageId).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(cancellationToken);
            if (byId is not null)
            {
                return byId;
            }
        }
        if (line.Sender is { Length: > 0 } sender)
        {
            // No Message-ID seen: the request address as envelope sender names the request; take its latest message sent by then.
            var lower = sender.ToLowerInvariant();
            var before = line.Time.AddMinutes(10);
            var candidates = await db.Set<OutgoingMail>().Where(m => m.EnvelopeFrom == lower)
                .Select(m => new { m.Id, m.QueuedAt }).ToListAsync(cancellationToken);
            // Only this request's messages use its address: the latest sent before the line, else (clocks disagree) its first.
            return candidates.Where(c => c.QueuedAt <= before).OrderByDescending(c => c.QueuedAt).Select(c => (Guid?)c.Id).FirstOrDefault()
                ?? candidates.OrderBy(c => c.QueuedAt).Select(c => (Guid?)c.Id).FirstOrDefault();
        }
        return null;
    }

    private readonly Dictionary<Guid, string> senderOf = [];

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
        delivery = await db.Set<RecipientDelivery>().SingleOrDefaultAsync(d => d.OutgoingMailId == outgoingId && d.Recipient == key.Item2, cancellationToken);
        if (delivery is null)
        {
            delivery = RecipientDelivery.For(outgoingId, recipient);
            db.Add(delivery);
        }
        deliveries[key] = delivery;
        return delivery;
    }

    /// <summary>
    /// A failure in the logs marks the message as not delivered, as a bounce does; a failure, or a deferral older than
    /// a day, is told to the requester once.
    /// </summary>
    private async Task TellAboutProblemsAsync(CancellationToken cancellationToken)
    {
        var deferredBefore = time.GetUtcNow().AddHours(-options.Value.Logs.DeferredHoursBeforeTelling);
        var problems = await db.Set<RecipientDelivery>()
            .Where(d => d.ProblemNotifiedAt == null && (d.Status == "failed" || (d.Status == "deferred" && d.DeferredSince < deferredBefore)))
            .ToListAsync(cancellationToken);
        foreach (var problem in problems)
        {
            var outgoing = await db.Set<OutgoingMail>().SingleAsync(m => m.Id == problem.OutgoingMailId, cancellationToken);
            var reason = problem.Reason ?? problem.Status;
            if (problem.Status == "failed" && outgoing.State != DeliveryState.Bounced)
            {
                outgoing.MarkBounced(time.GetUtcNow(), reason);
            }
            problem.ProblemNotified(time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            if (problem.Status == "failed")
            {
                await events.PublishAsync(new OutgoingMailBounced(outgoing.Id, reason), cancellationToken);
            }
            else
            {
                await events.PublishAsync(new OutgoingMailDelayed(outgoing.Id, reason, problem.DeferredSince ?? problem.Time), cancellationToken);
            }
        }
    }
}
