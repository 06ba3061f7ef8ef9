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
internal sealed class MailLogImporter(FoiDbContext db, IEventOutbox events, IEventPublisher publisher, IOptions<MailOptions> options, TimeProvider time, ILogger<MailLogImporter> logger)
{
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
        var run = new MailLogImportRun(db, options.Value, time, logger);
        var report = await run.ReadAsync(files, progress, cancellationToken);
        var bounced = await TellAboutProblemsAsync(cancellationToken);
        if (run.Changed.Count + bounced.Count > 0)
        {
            await publisher.PublishAsync(new OutgoingMailStatusChanged([.. run.Changed.Union(bounced)]), cancellationToken);
        }
        return report;
    }

    /// <summary>
    /// A failure in the logs marks the message as not delivered, as a bounce does; a failure, or a deferral older than
    /// a day, is told to the requester once.
    /// </summary>
    /// <returns>The messages it marked bounced.</returns>
    private async Task<IReadOnlyCollection<Guid>> TellAboutProblemsAsync(CancellationToken cancellationToken)
    {
        // The import's tracked rows are saved; start clean so this pass does not re-check tens of thousands of them.
        db.ChangeTracker.Clear();
        var deferredBefore = time.GetUtcNow().AddHours(-options.Value.Logs.DeferredHoursBeforeTelling);
        var problems = await db.Set<RecipientDelivery>()
            .Where(d => d.ProblemNotifiedAt == null && (d.Status == RecipientStatus.Failed || (d.Status == RecipientStatus.Deferred && d.DeferredSince < deferredBefore)))
            .ToListAsync(cancellationToken);
        if (problems.Count == 0)
        {
            return [];
        }
        var ids = problems.Select(p => p.OutgoingMailId).Distinct().ToList();
        var outgoing = new Dictionary<Guid, OutgoingMail>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var mail in await db.Set<OutgoingMail>().Where(m => EF.Parameter(chunk).Contains(m.Id)).ToListAsync(cancellationToken))
            {
                outgoing[mail.Id] = mail;
            }
        }
        var known = new Dictionary<Guid, List<RecipientDelivery>>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var delivery in await db.Set<RecipientDelivery>().AsNoTracking().Where(d => EF.Parameter(chunk).Contains(d.OutgoingMailId)).ToListAsync(cancellationToken))
            {
                (known.TryGetValue(delivery.OutgoingMailId, out var list) ? list : known[delivery.OutgoingMailId] = []).Add(delivery);
            }
        }
        var now = time.GetUtcNow();
        var bounced = new List<Guid>();
        foreach (var problem in problems)
        {
            problem.ProblemNotified(now);
            var reason = problem.Reason ?? problem.Status.ToLogWord();
            if (problem.Status != RecipientStatus.Failed)
            {
                events.Enqueue(new OutgoingMailDelayed(problem.OutgoingMailId, reason, problem.DeferredSince ?? problem.Time));
                continue;
            }
            var mail = outgoing.GetValueOrDefault(problem.OutgoingMailId);
            var statuses = known.GetValueOrDefault(problem.OutgoingMailId) ?? [];
            var others = (mail?.Recipients ?? []).Select(r => r.ToLowerInvariant()).Where(r => r != problem.Recipient)
                .Select(r => statuses.FirstOrDefault(d => d.Recipient == r) is { } d ? $"{r} ({d.Status.ToLogWord()})" : $"{r} (sent)")
                .ToList();
            // One refused address of several does not make the message undelivered: the others may have it.
            var allFailed = (mail?.Recipients ?? []).All(r => statuses.Any(d => string.Equals(d.Recipient, r, StringComparison.OrdinalIgnoreCase) && d.Status == RecipientStatus.Failed));
            if (mail is not null && mail.State != DeliveryState.Bounced && allFailed)
            {
                mail.MarkBounced(now, reason);
                bounced.Add(mail.Id);
            }
            events.Enqueue(others.Count == 0
                ? new OutgoingMailBounced(problem.OutgoingMailId, reason)
                : new OutgoingMailBounced(problem.OutgoingMailId, reason, problem.Recipient, others));
            if (mail is not null && string.Equals(mail.EnvelopeFrom, options.Value.ResolvedSiteFromAddress, StringComparison.OrdinalIgnoreCase))
            {
                // The site's own mail refused for good, seen in the log rather than in a DSN: the same news for the person's address.
                events.Enqueue(new SiteMailBounced(mail.Id, mail.Purpose, [problem.Recipient], reason));
            }
        }
        // The notices are saved in the same transaction as the mark that they are due: a crash loses neither, and the
        // outbox tells each once.
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await events.DispatchEnqueuedAsync(cancellationToken);
        return bounced;
    }
}
