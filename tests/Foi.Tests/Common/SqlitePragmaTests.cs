using Foi.Common.Data;
using Foi.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Common;

/// <summary>
/// SQLite's per-connection settings are set once per database handle, and hold on every later use of that handle
/// the pool hands out again: a writer still waits for another instead of failing, and commits stay cheap.
/// </summary>
internal sealed class SqlitePragmaTests
{
    [Test]
    public async Task Every_connection_the_site_opens_waits_for_a_busy_database_and_syncs_normally()
    {
        await using var site = new FoiFactory(DatabaseProvider.Sqlite);
        for (var use = 0; use < 3; use++)
        {
            await using var scope = site.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
            await db.Database.OpenConnectionAsync();
            (await PragmaAsync(db, "busy_timeout")).ShouldBe(5000, $"use {use + 1}");
            (await PragmaAsync(db, "synchronous")).ShouldBe(1, $"use {use + 1}: NORMAL");
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<long> PragmaAsync(FoiDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
