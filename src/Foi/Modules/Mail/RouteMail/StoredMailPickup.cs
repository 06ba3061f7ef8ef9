using Foi.Common.Data;
using Foi.Modules.Mail.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Mail.RouteMail;

/// <summary>Wakes the pickup at once when this process stored mail; mail stored by another process waits for the next poll.</summary>
internal sealed class StoredMailSignal : IDisposable
{
    private readonly SemaphoreSlim waiting = new(0, 1);

    public void Wake()
    {
        if (waiting.CurrentCount == 0)
        {
            try
            {
                waiting.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another thread woke it a moment ago: once is enough.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => waiting.WaitAsync(timeout, cancellationToken);

    public void Dispose() => waiting.Dispose();
}

/// <summary>
/// Routes and publishes stored mail, each message in a unit of work of its own: one that throws is tried again later
/// and, after <see cref="IncomingMail.MaxRouteAttempts"/> tries, set aside for an admin with its error; it never holds
/// back the others. A node claims a message before routing it, so several nodes never route one message at once.
/// </summary>
internal sealed class StoredMailRouter(IServiceScopeFactory scopes, TimeProvider time, ILogger<StoredMailRouter> logger)
{
    /// <summary>A node that dies while routing releases its claim when this runs out.</summary>
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);

    /// <summary>Routes what is stored and due, oldest first, as many at once as the machine has cores; returns how many messages it routed or set back.</summary>
    public async Task<int> RouteDueAsync(int batch, CancellationToken cancellationToken)
    {
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var now = time.GetUtcNow();
            due = await scope.ServiceProvider.GetRequiredService<FoiDbContext>().Set<IncomingMail>()
                .Where(m => m.State == IncomingState.Stored && (m.NotBefore == null || m.NotBefore < now))
                .OrderBy(m => m.ReceivedAt).Select(m => m.Id).Take(batch).ToListAsync(cancellationToken);
        }
        // Reading a reply's PDFs and Word files is most of its cost, and one message uses one core: a core each. Every
        // message is claimed before it is routed, so two workers never route one message, as two nodes never do.
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (id, token) => await RouteOneAsync(id, token));
        return due.Count;
    }

    public async Task RouteOneAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await ClaimAsync(id, cancellationToken))
        {
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<MailRouter>().RouteAsync(id, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(exception, "Routing received mail {Id} failed; it is tried again later, and set aside after {Max} tries", id, IncomingMail.MaxRouteAttempts);
            await RecordFailureAsync(id, exception, cancellationToken);
        }
    }

    /// <summary>Hands routed mail to the Requests module again where the first hand-over failed, each mail on its own.</summary>
    public async Task<int> DeliverPendingAsync(int batch, CancellationToken cancellationToken)
    {
        List<Guid> pending;
        await using (var scope = scopes.CreateAsyncScope())
        {
            pending = await scope.ServiceProvider.GetRequiredService<FoiDbContext>().Set<IncomingDelivery>()
                .Where(d => d.DeliveredAt == null).Select(d => d.IncomingMailId).Distinct().OrderBy(id => id).Take(batch).ToListAsync(cancellationToken);
        }
        var delivered = 0;
        foreach (var id in pending)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                delivered += await scope.ServiceProvider.GetRequiredService<MailRouter>().DeliverPendingAsync(id, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Publishing received mail {Id} failed; tried again at the next round", id);
            }
        }
        return delivered;
    }

    /// <summary>The failed routing's own description was rolled back with it: read sender and subject for the admin.</summary>
    private static void DescribeFromHeaders(IncomingMail mail)
    {
        try
        {
            var headers = MimeKit.HeaderList.Load(new MemoryStream(mail.Raw, writable: false));
            var from = MimeKit.InternetAddressList.TryParse(headers[MimeKit.HeaderId.From] ?? "", out var list) ? list.Mailboxes.FirstOrDefault()?.Address : null;
            mail.Describe(from, headers[MimeKit.HeaderId.Subject]);
        }
        catch (FormatException)
        {
            // Headers no parser reads: the admin opens the raw message.
        }
    }

    private async Task<bool> ClaimAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = time.GetUtcNow();
        var until = now + ClaimFor;
        return await scope.ServiceProvider.GetRequiredService<FoiDbContext>().Set<IncomingMail>()
            .Where(m => m.Id == id && m.State == IncomingState.Stored && (m.NotBefore == null || m.NotBefore < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NotBefore, until), cancellationToken) == 1;
    }

    private async Task RecordFailureAsync(Guid id, Exception exception, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
            if (await db.Set<IncomingMail>().SingleOrDefaultAsync(m => m.Id == id, cancellationToken) is { } mail)
            {
                mail.RecordRouteFailure($"{exception.GetType().Name}: {exception.GetBaseException().Message}", time.GetUtcNow());
                DescribeFromHeaders(mail);
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        catch (Exception recording) when (recording is not OperationCanceledException)
        {
            // The database itself is failing: the claim runs out and the message is tried again then.
            logger.LogError(recording, "Could not record the routing failure of {Id}", id);
        }
    }
}

/// <summary>
/// In the site's process: routes stored mail within a moment of its arrival (woken by this process's receiver, or
/// every second for mail that `foi mail receive` stored from another process), and hands routed mail to the
/// Requests module again when its first hand-over failed.
/// </summary>
internal sealed class StoredMailPickup(StoredMailRouter router, StoredMailSignal signal, ILogger<StoredMailPickup> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await router.RouteDueAsync(50, stoppingToken) > 0)
                {
                }
                await router.DeliverPendingAsync(50, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The database is down or busy: try again at the next poll.
                logger.LogWarning(exception, "Picking up stored mail failed; trying again shortly");
            }
            try
            {
                await signal.WaitAsync(Poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
