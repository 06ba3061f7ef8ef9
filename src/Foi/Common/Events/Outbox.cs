using System.Text.Json;
using Foi.Common.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foi.Common.Events;

/// <summary>An event saved in the same transaction as the change that caused it, until every handler has run.</summary>
internal sealed class OutboxEvent
{
    public Guid Id { get; set; }
    public string Type { get; set; } = "";
    public string Payload { get; set; } = "";
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
    public int Attempts { get; set; }

    /// <summary>Not dispatched before this time: claimed by a node, or waiting after a failed try.</summary>
    public DateTimeOffset? NotBefore { get; set; }
    public string? LastError { get; set; }
}

/// <summary>That one handler has handled one event, so a re-dispatch skips it.</summary>
internal sealed class HandledEvent
{
    public Guid EventId { get; set; }
    public string Handler { get; set; } = "";
    public DateTimeOffset HandledAt { get; set; }
}

internal sealed class OutboxEventConfiguration : IEntityTypeConfiguration<OutboxEvent>
{
    public void Configure(EntityTypeBuilder<OutboxEvent> builder)
    {
        builder.ToTable("outbox_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Type).HasMaxLength(200).IsRequired();
        builder.Property(e => e.Payload).IsRequired();
        builder.Property(e => e.LastError).HasMaxLength(2000);
        builder.HasIndex(e => new { e.DispatchedAt, e.NotBefore });
    }
}

internal sealed class HandledEventConfiguration : IEntityTypeConfiguration<HandledEvent>
{
    public void Configure(EntityTypeBuilder<HandledEvent> builder)
    {
        builder.ToTable("outbox_handled");
        builder.HasKey(h => new { h.EventId, h.Handler });
        builder.Property(h => h.Handler).HasMaxLength(200);
    }
}

/// <summary>
/// The transactional outbox: <see cref="Enqueue{TEvent}"/> adds the event to the caller's unit of work, so it is saved
/// with the change or not at all; after saving, <see cref="DispatchEnqueuedAsync"/> hands it to its handlers at once.
/// Whatever a crash or a failing handler leaves undone, <see cref="OutboxDispatcher"/> delivers later, with back-off.
/// </summary>
internal interface IEventOutbox
{
    void Enqueue<TEvent>(TEvent domainEvent) where TEvent : notnull;

    Task DispatchEnqueuedAsync(CancellationToken cancellationToken);
}

internal sealed class EventOutbox(FoiDbContext db, TimeProvider time, OutboxDispatcher dispatcher) : IEventOutbox
{
    private readonly List<Guid> enqueued = [];

    public void Enqueue<TEvent>(TEvent domainEvent) where TEvent : notnull
    {
        var row = new OutboxEvent
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Type = typeof(TEvent).FullName!,
            Payload = JsonSerializer.Serialize(domainEvent),
            OccurredAt = time.GetUtcNow(),
        };
        db.Add(row);
        enqueued.Add(row.Id);
    }

    public async Task DispatchEnqueuedAsync(CancellationToken cancellationToken)
    {
        foreach (var id in enqueued.ToList())
        {
            await dispatcher.DispatchOneAsync(id, cancellationToken);
        }
        enqueued.Clear();
    }
}

/// <summary>
/// Delivers saved events to their handlers, at least once, skipping the handlers recorded as done; with handlers
/// idempotent, each event takes effect once. A node claims an event before dispatching it.
/// </summary>
internal sealed class OutboxDispatcher(IServiceScopeFactory scopes, TimeProvider time, ILogger<OutboxDispatcher> logger)
{
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);

    public async Task<int> DispatchDueAsync(int batch, CancellationToken cancellationToken)
    {
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var now = time.GetUtcNow();
            due = await scope.ServiceProvider.GetRequiredService<FoiDbContext>().Set<OutboxEvent>()
                .Where(e => e.DispatchedAt == null && (e.NotBefore == null || e.NotBefore < now))
                .OrderBy(e => e.OccurredAt).Select(e => e.Id).Take(batch).ToListAsync(cancellationToken);
        }
        foreach (var id in due)
        {
            await DispatchOneAsync(id, cancellationToken);
        }
        return due.Count;
    }

    public async Task DispatchOneAsync(Guid id, CancellationToken cancellationToken)
    {
        OutboxEvent? row;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
            var now = time.GetUtcNow();
            var until = now + ClaimFor;
            if (await db.Set<OutboxEvent>().Where(e => e.Id == id && e.DispatchedAt == null && (e.NotBefore == null || e.NotBefore < now))
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.NotBefore, until), cancellationToken) != 1)
            {
                return; // dispatched, or claimed by another node
            }
            row = await db.Set<OutboxEvent>().AsNoTracking().SingleAsync(e => e.Id == id, cancellationToken);
        }
        try
        {
            var type = typeof(OutboxEvent).Assembly.GetType(row.Type) ?? throw new InvalidOperationException($"Unknown event type {row.Type}");
            var domainEvent = JsonSerializer.Deserialize(row.Payload, type) ?? throw new InvalidOperationException($"Empty event {row.Id}");
            await (Task)typeof(OutboxDispatcher).GetMethod(nameof(RunHandlersAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .MakeGenericMethod(type).Invoke(this, [row.Id, domainEvent, cancellationToken])!;
            await FinishAsync(id, error: null, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(exception, "Event {Id} ({Type}) not fully handled; it is dispatched again later", row.Id, row.Type);
            await FinishAsync(id, exception.GetBaseException().Message, CancellationToken.None);
        }
    }

    private async Task RunHandlersAsync<TEvent>(Guid eventId, TEvent domainEvent, CancellationToken cancellationToken)
    {
        int count;
        await using (var scope = scopes.CreateAsyncScope())
        {
            count = scope.ServiceProvider.GetServices<IEventHandler<TEvent>>().Count();
        }
        for (var index = 0; index < count; index++)
        {
            // Each handler in a unit of work of its own: one that fails spoils no other's work.
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetServices<IEventHandler<TEvent>>().ElementAt(index);
            var name = handler.GetType().FullName!;
            var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
            if (await db.Set<HandledEvent>().AnyAsync(h => h.EventId == eventId && h.Handler == name, cancellationToken))
            {
                continue;
            }
            // No transaction around the handler: it may send mail, and a transaction would hold SQLite's write lock
            // meanwhile. A crash between its work and this record runs it again, so every handler is idempotent by
            // its own key too (a notice is told once per message and kind; a score is recomputed from the profile).
            await handler.HandleAsync(domainEvent, cancellationToken);
            db.Add(new HandledEvent { EventId = eventId, Handler = name, HandledAt = time.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task FinishAsync(Guid id, string? error, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
            var row = await db.Set<OutboxEvent>().SingleAsync(e => e.Id == id, cancellationToken);
            var now = time.GetUtcNow();
            if (error is null)
            {
                row.DispatchedAt = now;
                row.NotBefore = null;
            }
            else
            {
                row.Attempts++;
                row.LastError = error.Length > 2000 ? error[..2000] : error;
                row.NotBefore = now + TimeSpan.FromSeconds(Math.Min(3600, 10 * Math.Pow(2, Math.Min(row.Attempts, 12))));
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The claim runs out and the event is dispatched again then.
            logger.LogError(exception, "Could not record the dispatch of event {Id}", id);
        }
    }
}

/// <summary>Dispatches what the outbox holds: events whose first hand-over failed or was cut short by a crash.</summary>
internal sealed class OutboxDispatchService(OutboxDispatcher dispatcher, ILogger<OutboxDispatchService> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await dispatcher.DispatchDueAsync(50, stoppingToken) > 0)
                {
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Dispatching saved events failed; trying again shortly");
            }
            try
            {
                await Task.Delay(Poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
