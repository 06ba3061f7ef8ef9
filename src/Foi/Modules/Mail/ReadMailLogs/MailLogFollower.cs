using Foi.Common.Data;
using Foi.Common.Jobs;
using Foi.Modules.Mail.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Mail.ReadMailLogs;

/// <summary>
/// Follows the MTA's logs as they grow, so a delivery status is on the request page seconds after the MTA writes it:
/// file-system notifications wake it, a short poll catches what they miss (some file systems send none), and each
/// wake-up imports what is new (rotation and truncation handled by the importer). Exactly one node follows at a time,
/// by a lease in the database that it renews; another node takes over within a lease period when it stops.
/// </summary>
internal sealed class MailLogFollower(IServiceScopeFactory scopes, IOptions<MailOptions> options, IOptions<JobsOptions> jobs, TimeProvider time, ILogger<MailLogFollower> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);
    private readonly string me = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly SemaphoreSlim changed = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!jobs.Value.Enabled)
        {
            return; // a node with background work off (Jobs:Enabled false) leaves the logs to the others
        }
        var logs = options.Value.Logs;
        using var watchers = new WatcherSet(logs.Paths, () => changed.Release());
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await HoldLeaseAsync(stoppingToken))
                {
                    await ImportWhileHoldingAsync(logs, stoppingToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The importer keeps its position in the database: the next round reads from where this one stopped.
                logger.LogError(exception, "Following the mail logs failed; retrying");
            }
            try
            {
                await changed.WaitAsync(TimeSpan.FromSeconds(logs.FollowPollSeconds), stoppingToken);
                await Task.Delay(TimeSpan.FromMilliseconds(200), stoppingToken); // a burst of lines is one import
                while (changed.CurrentCount > 0)
                {
                    await changed.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Imports what is new, renewing the lease meanwhile: a first import of a large log outlasts the lease, and another
    /// node must not start on the same lines. Should the lease be lost all the same (this node stalled), the import
    /// stops; what it saved stands, and the new holder reads on from there.
    /// </summary>
    private async Task ImportWhileHoldingAsync(MailLogSettings logs, CancellationToken stoppingToken)
    {
        using var held = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(Lease / 3, held.Token);
                    if (!await HoldLeaseAsync(held.Token))
                    {
                        logger.LogWarning("Lost the lease on the mail logs to another node; stopping this import");
                        await held.CancelAsync();
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<MailLogImporter>().ImportAsync(MailLogImporter.Expand(logs.Paths), null, held.Token);
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await held.CancelAsync();
            await renewing;
        }
    }

    /// <summary>Takes the lease if it is free, expired or ours, and renews it; false while another node holds it.</summary>
    private async Task<bool> HoldLeaseAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
        var now = time.GetUtcNow();
        var renewed = await db.Set<MailLogLease>()
            .Where(l => l.Name == MailLogLease.Follow && (l.Holder == me || l.ExpiresAt < now))
            .ExecuteUpdateAsync(l => l.SetProperty(x => x.Holder, me).SetProperty(x => x.ExpiresAt, now + Lease), cancellationToken);
        if (renewed == 1)
        {
            return true;
        }
        if (await db.Set<MailLogLease>().AnyAsync(l => l.Name == MailLogLease.Follow, cancellationToken))
        {
            return false;
        }
        db.Add(MailLogLease.Take(me, now + Lease));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            return false; // another node took it first
        }
    }

    /// <summary>A watcher per folder of the configured logs; any change there wakes the follower.</summary>
    private sealed class WatcherSet : IDisposable
    {
        private readonly List<FileSystemWatcher> watchers = [];

        public WatcherSet(IEnumerable<string> patterns, Action wake)
        {
            foreach (var folder in patterns.Select(p => Path.GetDirectoryName(Path.GetFullPath(p))).OfType<string>().Distinct().Where(Directory.Exists))
            {
                try
                {
                    var watcher = new FileSystemWatcher(folder)
                    {
                        NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
                        EnableRaisingEvents = true,
                    };
                    watcher.Changed += (_, _) => wake();
                    watcher.Created += (_, _) => wake();
                    watcher.Renamed += (_, _) => wake();
                    watchers.Add(watcher);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
                {
                    // No notifications from this folder (inotify limits, permissions): the poll still reads it.
                }
            }
        }

        public void Dispose()
        {
            foreach (var watcher in watchers)
            {
                watcher.Dispose();
            }
        }
    }
}
