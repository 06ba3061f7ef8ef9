using Foi.Common.Data;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foi.Modules.Requests.ChangeFeed;

/// <summary>One row per save that touched a request's public content; readers (the search index) keep their own position.</summary>
internal sealed class RequestChange
{
    public long Id { get; private set; }
    public int RequestId { get; private set; }
    public DateTimeOffset ChangedAt { get; private set; }

    public static RequestChange Of(int requestId, DateTimeOffset now) => new() { RequestId = requestId, ChangedAt = now };
}

internal sealed class RequestChangeConfiguration : IEntityTypeConfiguration<RequestChange>
{
    public void Configure(EntityTypeBuilder<RequestChange> builder)
    {
        builder.ToTable("request_changes");
        builder.HasKey(c => c.Id);
        builder.HasIndex(c => c.ChangedAt);
    }
}

/// <summary>
/// Records which requests each save changed, in the same database and, when the caller uses a transaction, the same
/// transaction. Bulk updates (<c>ExecuteUpdate</c>) bypass it and must record their changes themselves.
/// </summary>
internal sealed class RequestChangeRecorder(TimeProvider time) : SaveChangesInterceptor
{
    private readonly List<EntityEntry> touched = [];
    private readonly HashSet<int> deleted = [];

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
        if (eventData.Context is { } context && Drain() is { Count: > 0 } ids)
        {
            var now = time.GetUtcNow();
            context.Set<RequestChange>().AddRange(ids.Select(id => RequestChange.Of(id, now)));
            await context.SaveChangesAsync(cancellationToken);
        }
        return await base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } context && Drain() is { Count: > 0 } ids)
        {
            var now = time.GetUtcNow();
            context.Set<RequestChange>().AddRange(ids.Select(id => RequestChange.Of(id, now)));
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
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)
                || entry.Entity is not (InfoRequest or RequestMessage or Comment or RequestAttachment))
            {
                continue;
            }
            if (entry.State == EntityState.Deleted && RequestIdOf(entry.Entity) is { } id)
            {
                deleted.Add(id);
            }
            else
            {
                touched.Add(entry);
            }
        }
    }

    private HashSet<int> Drain()
    {
        // Ids of added rows are known only now that they are saved.
        var ids = new HashSet<int>(deleted);
        foreach (var entry in touched)
        {
            if (RequestIdOf(entry.Entity) is { } id)
            {
                ids.Add(id);
            }
            else if (entry.Entity is RequestAttachment attachment
                && entry.Context.Set<RequestMessage>().Local.FirstOrDefault(m => m.Id == attachment.RequestMessageId) is { } message)
            {
                ids.Add(message.RequestId);
            }
        }
        touched.Clear();
        deleted.Clear();
        return ids;
    }

    private static int? RequestIdOf(object entity) => entity switch
    {
        InfoRequest request => request.Id,
        RequestMessage message => message.RequestId,
        Comment comment => comment.RequestId,
        _ => null,
    };
}

internal sealed class RequestChangeFeed(FoiDbContext db) : IRequestChangeFeed
{
    public async Task<IReadOnlyList<RequestChangeEntry>> AfterAsync(long afterChangeId, int limit, CancellationToken cancellationToken) =>
        await db.Set<RequestChange>().AsNoTracking().Where(c => c.Id > afterChangeId).OrderBy(c => c.Id).Take(limit)
            .Select(c => new RequestChangeEntry(c.Id, c.RequestId)).ToListAsync(cancellationToken);

    public async Task<long> LatestAsync(CancellationToken cancellationToken) =>
        await db.Set<RequestChange>().MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
}
