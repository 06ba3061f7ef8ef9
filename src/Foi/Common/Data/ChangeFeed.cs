using Foi.Common.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quartz;

namespace Foi.Common.Data;

/// <summary>One row per entity a save changed, under a topic ("request", "user"); readers keep their own position.</summary>
internal sealed class Change
{
    public long Id { get; private set; }
    public string Topic { get; private set; } = "";
    public int EntityId { get; private set; }
    public DateTimeOffset ChangedAt { get; private set; }

    public static Change Of(string topic, int entityId, DateTimeOffset now) => new() { Topic = topic, EntityId = entityId, ChangedAt = now };
}

internal sealed class ChangeConfiguration : IEntityTypeConfiguration<Change>
{
    public void Configure(EntityTypeBuilder<Change> builder)
    {
        builder.ToTable("changes");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Topic).HasMaxLength(20).IsRequired();
        builder.HasIndex(c => c.ChangedAt);
    }
}

/// <summary>A module's say in which of its saved entities belong to which topic and id.</summary>
internal interface IChangeTopic
{
    string Name { get; }

    /// <summary>The id this saved entity counts as a change to, or null when it is not part of the topic.</summary>
    int? EntityIdOf(EntityEntry entry);
}

/// <summary>
/// Writes a <see cref="Change"/> row for every entity of a topic that a save added, modified or deleted, in the same
/// transaction as the save: the caller's, or one this recorder opens around the save and its change rows, so a crash
/// never leaves a change without its row. Bulk updates (<c>ExecuteUpdate</c>) bypass it and must record their changes
/// themselves.
/// </summary>
internal sealed class ChangeRecorder(IEnumerable<IChangeTopic> topics, IEnumerable<IChangeObserver> observers, TimeProvider time, ChangeSignal signal) : SaveChangesInterceptor
{
    private readonly List<(IChangeTopic Topic, EntityEntry Entry, int? KnownId)> touched = [];
    private readonly List<(string Topic, int Id)> written = [];
    private Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? own;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Capture(eventData.Context);
        if (touched.Count > 0 && own is null && eventData.Context is { Database.CurrentTransaction: null } context)
        {
            own = await context.Database.BeginTransactionAsync(cancellationToken);
        }
        return await base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Capture(eventData.Context);
        if (touched.Count > 0 && own is null && eventData.Context is { Database.CurrentTransaction: null } context)
        {
            own = context.Database.BeginTransaction();
        }
        return base.SavingChanges(eventData, result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        var recorded = eventData.Context is { } context && Record(context);
        if (recorded)
        {
            await eventData.Context!.SaveChangesAsync(cancellationToken);
        }
        if (own is { } transaction && eventData.Context?.Database.CurrentTransaction == transaction && touched.Count == 0)
        {
            own = null;
            await transaction.CommitAsync(cancellationToken);
            await transaction.DisposeAsync();
        }
        if (written.Count > 0)
        {
            signal.Notify();
            var changes = written.ToList();
            written.Clear();
            foreach (var observer in observers)
            {
                await observer.ChangedAsync(changes, cancellationToken);
            }
        }
        return await base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        var recorded = eventData.Context is { } context && Record(context);
        if (recorded)
        {
            eventData.Context!.SaveChanges();
        }
        if (own is { } transaction && eventData.Context?.Database.CurrentTransaction == transaction && touched.Count == 0)
        {
            own = null;
            transaction.Commit();
            transaction.Dispose();
        }
        if (written.Count > 0)
        {
            signal.Notify();
            var changes = written.ToList();
            written.Clear();
            foreach (var observer in observers)
            {
                // Observers in this process (the page cache's memory) finish without waiting on anything.
                observer.ChangedAsync(changes, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }
        }
        return base.SavedChanges(eventData, result);
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        touched.Clear();
        written.Clear();
        if (own is { } transaction)
        {
            own = null;
            await transaction.RollbackAsync(CancellationToken.None);
            await transaction.DisposeAsync();
        }
        await base.SaveChangesFailedAsync(eventData, cancellationToken);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        touched.Clear();
        written.Clear();
        if (own is { } transaction)
        {
            own = null;
            transaction.Rollback();
            transaction.Dispose();
        }
        base.SaveChangesFailed(eventData);
    }

    private void Capture(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.Entity is Change recordedByHand)
            {
                // Bulk updates write their change rows themselves; this process's observers hear of them too.
                if (entry.State == EntityState.Added)
                {
                    written.Add((recordedByHand.Topic, recordedByHand.EntityId));
                }
                continue;
            }
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            foreach (var topic in topics)
            {
                // A deleted row's id must be read now; an added row's only after the save gave it one.
                touched.Add((topic, entry, entry.State == EntityState.Deleted ? topic.EntityIdOf(entry) : null));
            }
        }
    }

    private bool Record(DbContext context)
    {
        var changes = touched
            .Select(t => (t.Topic.Name, Id: t.KnownId ?? t.Topic.EntityIdOf(t.Entry)))
            .Where(t => t.Id is not null)
            .Distinct()
            .ToList();
        touched.Clear();
        written.AddRange(changes.Select(c => (c.Name, c.Id!.Value)));
        var now = time.GetUtcNow();
        context.Set<Change>().AddRange(changes.Select(c => Change.Of(c.Name, c.Id!.Value, now)));
        return changes.Count > 0;
    }
}

/// <summary>
/// Hears, in the process that made them, of the changes a save wrote, once they are saved (and committed, unless the
/// caller holds the transaction open): for what must follow at once on this node, before the change feed's readers.
/// </summary>
internal interface IChangeObserver
{
    ValueTask ChangedAsync(IReadOnlyCollection<(string Topic, int Id)> changes, CancellationToken cancellationToken);
}

/// <summary>
/// Wakes this process's feed readers as soon as it writes a change, so what changed on this node reaches its index at
/// once; other nodes notice on their next round. A wake-up that comes before the writer's transaction commits finds
/// nothing new, and the next round does.
/// </summary>
internal sealed class ChangeSignal
{
    private readonly Lock listenersLock = new();
    private readonly List<Listener> listeners = [];

    public void Notify()
    {
        lock (listenersLock)
        {
            foreach (var listener in listeners)
            {
                listener.Wake();
            }
        }
    }

    /// <summary>A reader's own wake-up: each reader hears every change, however many there are.</summary>
    public Listener Listen()
    {
        var listener = new Listener(this);
        lock (listenersLock)
        {
            listeners.Add(listener);
        }
        return listener;
    }

    private void Remove(Listener listener)
    {
        lock (listenersLock)
        {
            listeners.Remove(listener);
        }
    }

    internal sealed class Listener(ChangeSignal signal) : IDisposable
    {
        private readonly SemaphoreSlim written = new(0, 1);

        public void Wake()
        {
            try
            {
                written.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled and not yet seen: one wake-up covers both.
            }
        }

        /// <summary>Waits for a change written by this process since the last wake-up, or for <paramref name="timeout"/>.</summary>
        public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => await written.WaitAsync(timeout, cancellationToken);

        public void Dispose()
        {
            signal.Remove(this);
            written.Dispose();
        }
    }
}

/// <param name="ChangeId">Position in the feed; increases with every change.</param>
/// <param name="Topic">What kind of thing changed.</param>
/// <param name="EntityId">Which one.</param>
/// <param name="ChangedAt">When the change was written (the writer's clock).</param>
internal sealed record ChangeEntry(long ChangeId, string Topic, int EntityId, DateTimeOffset ChangedAt);

/// <summary>
/// What changed since a position, stored with the change itself, so a reader that crashed or was stopped catches up
/// from where it was. Each reader keeps its own position.
/// </summary>
internal sealed class ChangeFeed(FoiDbContext db)
{
    /// <summary>
    /// How long a missing position may stay missing before readers treat it as never coming. On PostgreSQL a
    /// transaction takes its id when it writes and may commit after a later id did, so a gap can be a change still on
    /// its way; a rolled-back transaction leaves a gap for ever.
    /// </summary>
    public static readonly TimeSpan GapTimeout = TimeSpan.FromMinutes(1);

    public async Task<IReadOnlyList<ChangeEntry>> AfterAsync(long afterChangeId, int limit, CancellationToken cancellationToken) =>
        await db.Set<Change>().AsNoTracking().Where(c => c.Id > afterChangeId).OrderBy(c => c.Id).Take(limit)
            .Select(c => new ChangeEntry(c.Id, c.Topic, c.EntityId, c.ChangedAt)).ToListAsync(cancellationToken);

    public async Task<long> LatestAsync(CancellationToken cancellationToken) =>
        await db.Set<Change>().MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;

    /// <summary>The first position still kept (older ones are pruned); null when the feed is empty.</summary>
    public async Task<long?> OldestAsync(CancellationToken cancellationToken) =>
        await db.Set<Change>().MinAsync(c => (long?)c.Id, cancellationToken);

    /// <summary>
    /// The position a reader at <paramref name="position"/> may record after applying <paramref name="read"/>: the last
    /// change before the first recent gap. Changes after that gap are read again next time; a reader remembers which of
    /// them it applied, since applying them again rewrites the same state for nothing (and empties caches).
    /// </summary>
    public static long SafePosition(long position, IReadOnlyList<ChangeEntry> read, DateTimeOffset now)
    {
        foreach (var entry in read)
        {
            // Ids are handed out in order, so a change missing before this one started before it was written.
            if (entry.ChangeId != position + 1 && now - entry.ChangedAt < GapTimeout)
            {
                break;
            }
            position = entry.ChangeId;
        }
        return position;
    }

    /// <summary>Deletes changes older than <paramref name="keptFor"/>, always keeping the newest so positions never go back.</summary>
    public async Task<int> PruneAsync(DateTimeOffset now, TimeSpan keptFor, CancellationToken cancellationToken)
    {
        var newest = await LatestAsync(cancellationToken);
        var before = now - keptFor;
        return await db.Set<Change>().Where(c => c.ChangedAt < before && c.Id < newest).ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>
/// The changes a feed reader applied past a gap while its position waits before the gap: the rounds until the gap
/// closes read them again, and skip them, since applying them again rewrites the same state for nothing (and empties
/// caches). Tied to the position they were remembered at: a reader whose position moved another way (a rebuild)
/// remembers nothing.
/// </summary>
internal sealed class ChangesAppliedPastGap
{
    private readonly System.Threading.Lock gate = new();
    private long position = -1;
    private HashSet<long> changeIds = [];

    public bool Contains(long readerPosition, long changeId)
    {
        lock (gate)
        {
            return position == readerPosition && changeIds.Contains(changeId);
        }
    }

    /// <summary>Remembers <paramref name="applied"/>, read by a reader at <paramref name="readerPosition"/> that now records <paramref name="through"/>.</summary>
    public void Remember(long readerPosition, long through, IEnumerable<long> applied)
    {
        lock (gate)
        {
            var remembered = position == readerPosition ? changeIds : [];
            remembered.UnionWith(applied);
            remembered.RemoveWhere(id => id <= through);
            (position, changeIds) = (through, remembered);
        }
    }
}

/// <summary>
/// Keeps the change feed small. A reader whose position falls before the oldest kept change (a node that was down
/// longer than this) has missed changes and must rebuild from the database.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class PruneChangesJob(ChangeFeed feed, TimeProvider time, Microsoft.Extensions.Options.IOptions<DatabaseOptions> database) : IJob
{
    public static readonly JobKey Key = new("prune-changes", "data");

    public static void Schedule(IQuartzBuilder quartz, IServiceCollection services)
    {
        quartz.Every<PruneChangesJob>(Key, TimeSpan.FromDays(1), TimeSpan.FromMinutes(10));
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = $"{await feed.PruneAsync(time.GetUtcNow(), database.Value.ChangesKeptFor, cancellationToken)} old change(s) pruned";
}
