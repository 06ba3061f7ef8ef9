using Foi.Common.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Foi.Tests.Support;

/// <summary>Change rows written past this process's change recorder, as another node or an unfinished transaction leaves them.</summary>
internal static class ChangeFeedWrites
{
    /// <summary>A change row as another node's save writes it; this process hears of it only from the feed.</summary>
    public static async Task OtherNodeChangedAsync(FoiFactory site, DatabaseProvider provider, string topic, int id)
    {
        await using var scope = site.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FoiDbContext>().Database
            .ExecuteSqlAsync($"INSERT INTO changes (\"Topic\", \"EntityId\", \"ChangedAt\") VALUES ({topic}, {id}, {Now(provider)})");
    }

    /// <summary>
    /// Leaves a change id that no row will fill for a minute's wait, as a transaction that has not committed (or never
    /// will) does: the changes after it are read again every round until readers give up on the gap.
    /// </summary>
    public static async Task OpenGapAsync(FoiFactory site, DatabaseProvider provider)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
        if (provider == DatabaseProvider.Postgres)
        {
            await db.Database.SqlQueryRaw<long>("SELECT nextval(pg_get_serial_sequence('changes', 'Id')) AS \"Value\"").SingleAsync();
            return;
        }
        // SQLite hands out the next id after the largest: a row written one id further leaves one free behind it.
        var latest = await db.Set<Change>().MaxAsync(c => (long?)c.Id) ?? 0;
        await db.Database.ExecuteSqlAsync($"INSERT INTO changes (\"Id\", \"Topic\", \"EntityId\", \"ChangedAt\") VALUES ({latest + 2}, 'user', {int.MaxValue}, {Now(provider)})");
    }

    /// <summary>Now, as the site stores it: SQLite keeps UTC ticks, which raw SQL does not convert to.</summary>
    private static object Now(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? DateTimeOffset.UtcNow : DateTimeOffset.UtcNow.UtcTicks;
}
