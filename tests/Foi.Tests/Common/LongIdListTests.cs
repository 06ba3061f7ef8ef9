using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Foi.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Common;

/// <summary>
/// A query over a list of ids longer than the database's parameter limit (32,766 on SQLite, 65,535 on PostgreSQL) runs:
/// closing the account of a requester with that many messages, or downloading their data, asks such queries.
/// </summary>
internal sealed class LongIdListTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    [Test]
    public async Task A_query_over_seventy_thousand_ids_runs_on_either_database()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var ids = Enumerable.Range(request.Id, 70_000).ToList();

        var found = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<InfoRequest>().Where(r => ids.Contains(r.Id)).Select(r => r.Slug).ToListAsync());

        found.ShouldContain(request.Slug);
    }
}
