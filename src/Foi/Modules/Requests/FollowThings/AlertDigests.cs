using System.Text;
using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Themes.Contracts;
using Foi.Modules.Users.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace Foi.Modules.Requests.FollowThings;

/// <summary>
/// The daily digest: after the digest hour, each follower gets one email listing, for each thing they follow, what
/// happened since their last digest. A person's digest is queued in the same transaction that moves their cursor
/// (the last event told), and the cursor moves only from the value this run read: a run killed halfway, run again,
/// or racing another node's run sends every digest once, and no event twice or never.
/// </summary>
internal sealed class AlertDigests(FoiDbContext db, Happenings happenings, FollowDescriptions descriptions, IAuthorityDirectory authorities,
    IUserDirectory users, IMailOutbox outbox, ISiteTheme theme, IOptions<SiteOptions> site, IOptions<RequestsOptions> options,
    SiteClock clock, UnsubscribeLinks unsubscribe, Search.Contracts.ISavedSearches searches, Redaction.CensorRules censor)
{
    private const int PeoplePerBatch = 500;

    /// <summary>Digests saved together: one transaction each rather than one a person, short enough to hold few locks.</summary>
    private const int PeoplePerTransaction = 50;

    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var local = clock.ToSiteTime(now);
        var dueLocal = local.Date.AddHours(options.Value.DigestHour);
        if (local.DateTime < dueLocal)
        {
            return 0; // today's digests go after the digest hour
        }
        var due = new DateTimeOffset(dueLocal, clock.Zone.GetUtcOffset(dueLocal));
        var upTo = await happenings.SettledUpToAsync(now, cancellationToken);
        var sent = 0;
        var after = 0;
        while (true)
        {
            var people = await db.Set<Follow>().Where(f => f.UserId > after).Select(f => f.UserId).Distinct()
                .OrderBy(id => id).Take(PeoplePerBatch).ToListAsync(cancellationToken);
            if (people.Count == 0)
            {
                return sent;
            }
            after = people[^1];
            sent += await SendBatchAsync(people, due, upTo, now, cancellationToken);
        }
    }

    private async Task<int> SendBatchAsync(List<int> people, DateTimeOffset due, int upTo, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cursors = await db.Set<AlertCursor>().AsNoTracking().Where(c => people.Contains(c.UserId)).ToDictionaryAsync(c => c.UserId, cancellationToken);
        var duePeople = people.Where(id => cursors.GetValueOrDefault(id) is not { } c || (c.LastDigestAt is null || c.LastDigestAt < due)).ToList();
        if (duePeople.Count == 0)
        {
            return 0;
        }
        var follows = (await db.Set<Follow>().AsNoTracking().Where(f => duePeople.Contains(f.UserId)).ToListAsync(cancellationToken))
            .ToLookup(f => f.UserId);
        int Since(Follow f) => Math.Max(f.StartAfterEventId, cursors.GetValueOrDefault(f.UserId)?.LastEventId ?? 0);
        var from = duePeople.SelectMany(id => follows[id]).Select(Since).DefaultIfEmpty(upTo).Min();
        // One window of events for the whole batch, matched against every follow in memory: a day's events are few.
        var window = await happenings.Visible().Where(h => h.EventId > from && h.EventId <= upTo).OrderBy(h => h.EventId).ToListAsync(cancellationToken);
        var requesters = await users.FindManyAsync(window.Select(h => h.RequesterId).Distinct().ToList(), cancellationToken);
        window = window.Where(h => requesters.GetValueOrDefault(h.RequesterId) is not { IsBanned: true }).ToList();
        var authorityNames = await authorities.FindManyAsync(window.Select(h => h.AuthorityId).Distinct().ToList(), cancellationToken);
        var readers = await users.FindManyAsync(duePeople, cancellationToken);
        // Each followed search asked once for the whole window.
        var windowRequests = window.Select(h => h.RequestId).Distinct().ToList();
        var found = duePeople.SelectMany(id => follows[id]).Where(f => f.Kind == FollowKind.Search).Select(f => f.Query).Distinct()
            .ToDictionary(query => query, query => searches.RequestsMatching(query, windowRequests));

        // The window indexed by what follows point at, so each follow looks only at its own events.
        var byRequest = window.ToLookup(h => h.RequestId);
        var byAuthority = window.ToLookup(h => h.AuthorityId);
        var byPerson = window.ToLookup(h => h.RequesterId);
        IEnumerable<Happening> Candidates(Follow follow) => follow.Kind switch
        {
            FollowKind.Request => byRequest[follow.TargetId],
            FollowKind.Authority => byAuthority[follow.TargetId],
            FollowKind.Person => byPerson[follow.TargetId],
            _ => window,
        };
        // Many people follow the same things: each is described once a batch.
        var described = new Dictionary<(FollowKind, int, string), FollowedThing?>();
        var decided = new List<(int PersonId, OutgoingEmail? Mail)>();
        var rules = await censor.CurrentAsync(cancellationToken);
        foreach (var personId in duePeople)
        {
            var reader = readers.GetValueOrDefault(personId);
            var sections = new List<(Follow Follow, FollowedThing Thing, List<Happening> News)>();
            foreach (var follow in follows[personId])
            {
                var news = Candidates(follow).Where(h => h.EventId > Since(follow) && (follow.Kind == FollowKind.Search
                    ? found[follow.Query].Contains(h.RequestId)
                    : Happenings.Matches(h, follow.Kind, follow.TargetId))).ToList();
                if (news.Count == 0)
                {
                    continue;
                }
                var key = (follow.Kind, follow.TargetId, follow.Query);
                if (!described.TryGetValue(key, out var thing))
                {
                    described[key] = thing = await descriptions.DescribeAsync(follow.Kind, follow.TargetId, cancellationToken, follow.Query);
                }
                if (thing is not null)
                {
                    sections.Add((follow, thing, news));
                }
            }
            // A banned reader, one without a confirmed address, or one whose address bounces gets nothing; the cursor
            // moves on all the same.
            var mail = sections.Count > 0 && reader is { IsBanned: false, EmailConfirmed: true, EmailBouncing: false, Email.Length: > 0 }
                ? Compose(reader, sections, authorityNames, rules)
                : null;
            decided.Add((personId, mail));
        }
        var sent = 0;
        foreach (var chunk in decided.Chunk(PeoplePerTransaction))
        {
            sent += await RecordBatchAsync(chunk, cursors, upTo, now, cancellationToken);
        }
        return sent;
    }

    /// <summary>
    /// Moves these people's cursors from what was read and queues their digests in one transaction: all of them or
    /// none, so a run killed here leaves them for the next run whole. Someone another run told in the meantime is
    /// left out; if another run made someone's first cursor, the batch is redone person by person.
    /// </summary>
    private async Task<int> RecordBatchAsync((int PersonId, OutgoingEmail? Mail)[] decided, Dictionary<int, AlertCursor> cursors, int upTo, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var queued = new List<Guid>();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var (personId, mail) in decided)
            {
                if (!await MoveCursorAsync(personId, cursors.GetValueOrDefault(personId), upTo, now, cancellationToken))
                {
                    continue; // another run told this person first
                }
                if (mail is not null)
                {
                    queued.Add(outbox.Enqueue(mail).Id);
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            db.ChangeTracker.Clear();
            var sent = 0;
            foreach (var (personId, mail) in decided)
            {
                if (await RecordAsync(personId, cursors.GetValueOrDefault(personId), upTo, now, mail, cancellationToken) && mail is not null)
                {
                    sent++;
                }
            }
            return sent;
        }
        db.ChangeTracker.Clear();
        foreach (var id in queued)
        {
            await outbox.TrySendAsync(id, cancellationToken);
        }
        return queued.Count;
    }

    /// <summary>Makes the first cursor (saved with the caller's changes) or moves it on from exactly what was read; false when another run moved it.</summary>
    private async Task<bool> MoveCursorAsync(int personId, AlertCursor? read, int upTo, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (read is null)
        {
            db.Add(AlertCursor.For(personId, upTo, now));
            return true;
        }
        return await db.Set<AlertCursor>().Where(c => c.UserId == personId && c.LastEventId == read.LastEventId && c.LastDigestAt == read.LastDigestAt)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.LastEventId, Math.Max(upTo, read.LastEventId)).SetProperty(x => x.LastDigestAt, now), cancellationToken) == 1;
    }

    /// <summary>Moves the cursor from what was read and queues the digest, together or not at all.</summary>
    private async Task<bool> RecordAsync(int personId, AlertCursor? read, int upTo, DateTimeOffset now, OutgoingEmail? mail, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await MoveCursorAsync(personId, read, upTo, now, cancellationToken))
        {
            return false; // another run told this person first
        }
        var queued = mail is null ? null : outbox.Enqueue(mail);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            db.ChangeTracker.Clear();
            return false; // another run made this person's first cursor
        }
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        if (queued is not null)
        {
            await outbox.TrySendAsync(queued.Id, cancellationToken);
        }
        return true;
    }

    private OutgoingEmail Compose(UserSummary reader, List<(Follow Follow, FollowedThing Thing, List<Happening> News)> sections, IReadOnlyDictionary<int, AuthoritySummary> authorityNames,
        Redaction.CensorRuleSet rules)
    {
        var baseUrl = site.Value.BaseUrl.TrimEnd('/');
        var body = new StringBuilder();
        body.Append("Dear ").Append(reader.Name).Append(",\n\nHere is what happened since your last alert.\n");
        foreach (var (follow, thing, news) in sections)
        {
            body.Append("\n== ").Append(char.ToUpperInvariant(thing.What[0])).Append(thing.What[1..]).Append(" ==\n\n");
            foreach (var h in news)
            {
                body.Append("* ").Append(Happenings.Describe(h, authorityNames.GetValueOrDefault(h.AuthorityId)?.Name ?? "the authority", rules)).Append('\n')
                    .Append("  ").Append(baseUrl).Append("/request/").Append(h.Slug).Append(Happenings.Anchor(h)).Append('\n');
            }
            body.Append("\nStop following ").Append(thing.What).Append(":\n").Append(unsubscribe.LinkFor(reader.Id, follow.Id)).Append('\n');
        }
        body.Append("\nSee or change what you follow: ").Append(baseUrl).Append("/account/following\n")
            .Append("Stop all alerts: ").Append(unsubscribe.LinkFor(reader.Id, null)).Append("\n\n-- the ").Append(theme.SiteName).Append(" team\n");
        return new OutgoingEmail(theme.SiteName, null, [reader.Email], $"Your {theme.SiteName} alerts: {sections.Sum(s => s.News.Count)} new", body.ToString(), "alert",
            Headers:
            [
                // RFC 2369 and RFC 8058: mail clients offer one-click unsubscribe, which POSTs to the link.
                new("List-Unsubscribe", $"<{unsubscribe.LinkFor(reader.Id, null)}>"),
                new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            ]);
    }
}

/// <summary>Sends the daily digests that are due; runs often, so a node that was down at the digest hour catches up.</summary>
[DisallowConcurrentExecution]
internal sealed class SendAlertDigestsJob(AlertDigests digests) : IJob
{
    public static readonly JobKey Key = new("send-alert-digests", "requests");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = $"{await digests.SendDueAsync(cancellationToken)} digest(s) sent";
}
