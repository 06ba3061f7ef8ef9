using System.Diagnostics.Metrics;
using Foi.Common.Data;
using Foi.Common.Metrics;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Mail.ReadMailLogs;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Mail;

/// <summary>
/// The mail module's gauges, read from the database (so they count what every node and every `mail receive` did):
/// incoming mail by state (received = all, held = the holding pen, bounce), outgoing mail by state and the age of
/// the oldest unsent message.
/// </summary>
internal sealed class MailMetrics : ISiteMetricsSource
{
    private readonly CachedReading<Snapshot> snapshot;
    private readonly CachedReading<IReadOnlyList<MailLogBacklogEntry>> logs;

    public MailMetrics(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider time, IOptions<MailOptions> options)
    {
        snapshot = new CachedReading<Snapshot>(() => Read(scopes, time), TimeSpan.FromSeconds(5), time);
        logs = new CachedReading<IReadOnlyList<MailLogBacklogEntry>>(() =>
        {
            using var scope = scopes.CreateScope();
            return MailLogBacklog.ReadAsync(scope.ServiceProvider.GetRequiredService<FoiDbContext>(), options.Value.Logs.Paths, CancellationToken.None).GetAwaiter().GetResult();
        }, TimeSpan.FromSeconds(5), time);
        var meter = meters.Create(SiteMetrics.MeterName);
        meter.CreateObservableGauge("foi.mail.incoming.messages",
            () => snapshot.Value.Incoming.Select(s => new Measurement<long>(s.Count, new KeyValuePair<string, object?>("state", s.State))),
            unit: "{message}", description: "Incoming messages stored, by state (held ones are the holding pen)");
        meter.CreateObservableGauge("foi.mail.holding_pen.messages", () => snapshot.Value.Held,
            unit: "{message}", description: "Messages in the holding pen, waiting for an admin");
        meter.CreateObservableGauge("foi.mail.outgoing.messages",
            () => snapshot.Value.Outgoing.Select(s => new Measurement<long>(s.Count, new KeyValuePair<string, object?>("state", s.State))),
            unit: "{message}", description: "Outgoing messages, by state (queued, sent, failed: to be retried, bounced)");
        meter.CreateObservableGauge("foi.mail.outgoing.oldest_unsent_age", () => snapshot.Value.OldestUnsentSeconds,
            unit: "s", description: "How long the oldest message not yet accepted by the mail server has waited; 0 when none");
        meter.CreateObservableGauge("foi.mail_log.unread",
            () => logs.Value.Select(e => new Measurement<long>(e.UnreadBytes, new KeyValuePair<string, object?>("path", e.Path))),
            unit: "By", description: "Bytes of each current MTA log (as this node sees it) not yet read for delivery statuses");
        meter.CreateObservableGauge("foi.mail_log.last_read_age",
            () => logs.Value.Where(e => e.LastReadAt is not null).Select(e => new Measurement<double>(
                Math.Max(0, (time.GetUtcNow() - e.LastReadAt!.Value).TotalSeconds), new KeyValuePair<string, object?>("path", e.Path))),
            unit: "s", description: "Seconds since each current MTA log was last read");
    }

    private sealed record Snapshot(IReadOnlyList<(string State, long Count)> Incoming, long Held, IReadOnlyList<(string State, long Count)> Outgoing, double OldestUnsentSeconds);

    private static Snapshot Read(IServiceScopeFactory scopes, TimeProvider time)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
        var incoming = db.Set<IncomingMail>().GroupBy(m => m.State).Select(g => new { g.Key, Count = g.LongCount() }).ToList()
            .ToDictionary(g => g.Key, g => g.Count);
        var outgoing = db.Set<OutgoingMail>().GroupBy(m => m.State).Select(g => new { g.Key, Count = g.LongCount() }).ToList()
            .ToDictionary(g => g.Key, g => g.Count);
        var oldest = db.Set<OutgoingMail>().Where(m => m.State == DeliveryState.Queued || m.State == DeliveryState.Failed)
            .Min(m => (DateTimeOffset?)m.QueuedAt);
        return new Snapshot(
            [.. Enum.GetValues<IncomingState>().Select(s => (s.ToString().ToLowerInvariant(), incoming.GetValueOrDefault(s)))],
            incoming.GetValueOrDefault(IncomingState.Held),
            [.. Enum.GetValues<DeliveryState>().Select(s => (s.ToString().ToLowerInvariant(), outgoing.GetValueOrDefault(s)))],
            oldest is { } queuedAt ? Math.Max(0, (time.GetUtcNow() - queuedAt).TotalSeconds) : 0);
    }
}
