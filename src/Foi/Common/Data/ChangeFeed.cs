using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

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
/// Writes a <see cref="Change"/> row for every entity of a topic that a save added, modified or deleted: in the same
/// database and, when the caller uses a transaction, the same transaction. Bulk updates (<c>ExecuteUpdate</c>) bypass
/// it and must record their changes themselves.
/// </summary>
internal sealed class ChangeRecorder(IEnumerable<IChangeTopic> topics, TimeProvider time) : SaveChangesInterceptor
{
    private readonly List<(IChangeTopic Topic, EntityEntry Entry, int? KnownId)> touched = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Capture(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Capture(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && Record(context))
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        return await base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } context && Record(context))
        {
            context.SaveChanges();
        }
        return base.SavedChanges(eventData, result);
    }

    private void Capture(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || entry.Entity is Change)
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
        var now = time.GetUtcNow();
        context.Set<Change>().AddRange(changes.Select(c => Change.Of(c.Name, c.Id!.Value, now)));
        return changes.Count > 0;
    }
}

/// <param name="ChangeId">Position in the feed; increases with every change.</param>
/// <param name="Topic">What kind of thing changed.</param>
/// <param name="EntityId">Which one.</param>
internal sealed record ChangeEntry(long ChangeId, string Topic, int EntityId);

/// <summary>
/// What changed since a position, stored with the change itself, so a reader that crashed or was stopped catches up
/// from where it was. Each reader keeps its own position.
/// </summary>
internal sealed class ChangeFeed(FoiDbContext db)
{
    public async Task<IReadOnlyList<ChangeEntry>> AfterAsync(long afterChangeId, int limit, CancellationToken cancellationToken) =>
        await db.Set<Change>().AsNoTracking().Where(c => c.Id > afterChangeId).OrderBy(c => c.Id).Take(limit)
            .Select(c => new ChangeEntry(c.Id, c.Topic, c.EntityId)).ToListAsync(cancellationToken);

    public async Task<long> LatestAsync(CancellationToken cancellationToken) =>
        await db.Set<Change>().MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
}
