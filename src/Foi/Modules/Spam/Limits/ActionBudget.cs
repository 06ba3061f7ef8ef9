using Foi.Common.Data;
using Foi.Modules.Spam.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Spam.Limits;

/// <summary>How many times one thing was done within one slice of time: <see cref="Slice"/> is the slice's number since 1970.</summary>
internal sealed class ActionCount
{
    public string Key { get; set; } = "";
    public long Slice { get; set; }
    public int Count { get; set; }

    /// <summary>Unix seconds after which no window counts this slice any more, so the row can go.</summary>
    public long Expires { get; set; }
}

/// <summary>
/// Limits that hold under concurrency and across nodes: every attempt adds one to its counter in a single atomic
/// statement that does so only while the window is under the limit. A burst of racing attempts admits exactly as many
/// as the limit leaves, never more and never fewer.
/// </summary>
internal sealed class ActionBudget(FoiDbContext db, TimeProvider time) : IActionBudget
{
    /// <summary>A window is counted in this many slices, so it slides in steps of a twentieth.</summary>
    private const int SlicesPerWindow = 20;

    public async Task<bool> TryTakeAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return false;
        }
        var (slice, oldest, expires) = Slices(window);
        key = Bounded(key);
        var table = db.Model.FindEntityType(typeof(ActionCount))!.GetTableName();
        // One statement adds the unit only while the window's sum stays under the limit. The current slice's count is
        // read from the row as locked by the upsert (racing attempts queue on it and each sees the one before), the
        // older slices only ever shrink; so a burst admits exactly up to the limit and refuses the rest. The same
        // SQL on SQLite and PostgreSQL; the table name comes from the model, every value is a parameter.
#pragma warning disable EF1002
        var added = await db.Database.ExecuteSqlRawAsync(
            $$"""
            INSERT INTO {{table}} ("Key", "Slice", "Count", "Expires")
            SELECT {0}, {1}, 1, {2}
            WHERE COALESCE((SELECT SUM(o."Count") FROM {{table}} AS o WHERE o."Key" = {0} AND o."Slice" >= {3} AND o."Slice" < {1}), 0) < {4}
            ON CONFLICT ("Key", "Slice") DO UPDATE SET "Count" = {{table}}."Count" + 1
            WHERE {{table}}."Count" + COALESCE((SELECT SUM(o."Count") FROM {{table}} AS o WHERE o."Key" = {0} AND o."Slice" >= {3} AND o."Slice" < {1}), 0) < {4}
            """,
            [key, slice, expires, oldest, (long)limit], cancellationToken);
#pragma warning restore EF1002
        return added == 1;
    }

    public async Task GiveBackAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var (slice, _, _) = Slices(window);
        key = Bounded(key);
        await db.Set<ActionCount>().Where(c => c.Key == key && c.Slice == slice && c.Count > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count - 1), cancellationToken);
    }

    /// <summary>Deletes the counters that no window counts any more.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        return await db.Set<ActionCount>().Where(c => c.Expires < now).ExecuteDeleteAsync(cancellationToken);
    }

    private (long Current, long Oldest, long Expires) Slices(TimeSpan window)
    {
        var length = Math.Max(1, (long)window.TotalSeconds / SlicesPerWindow);
        var current = time.GetUtcNow().ToUnixTimeSeconds() / length;
        return (current, current - SlicesPerWindow + 1, (current + SlicesPerWindow) * length);
    }

    /// <summary>Keys carry addresses typed by strangers; a long one is cut so it always fits the column.</summary>
    private static string Bounded(string key) => key.Length <= 200 ? key : key[..200];
}

/// <summary>Deletes the counters no window counts any more.</summary>
[Quartz.DisallowConcurrentExecution]
internal sealed class PruneActionCountsJob(ActionBudget budget) : Quartz.IJob
{
    public static readonly Quartz.JobKey Key = new("prune-action-counts", "spam");

    public async ValueTask Execute(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = $"{await budget.PruneAsync(cancellationToken)} expired limit counter(s) deleted";
}
