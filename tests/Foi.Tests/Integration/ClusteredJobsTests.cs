using Foi.Common.Data;
using Foi.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Integration;

/// <summary>On PostgreSQL the jobs live in Quartz's clustered store in the same database, so web nodes share one schedule.</summary>
internal sealed class ClusteredJobsTests
{
    [Test]
    public async Task The_scheduler_creates_its_tables_registers_the_jobs_and_checks_in_as_a_cluster_node()
    {
        await using var site = new FoiFactory(DatabaseProvider.Postgres, new Dictionary<string, string?> { ["Jobs:Enabled"] = "true" });
        _ = site.Services;
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<string> jobs = [];
        var nodes = 0;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                jobs = await db.Database.SqlQueryRaw<string>("SELECT job_name AS \"Value\" FROM qrtz_job_details").ToListAsync();
                nodes = await db.Database.SqlQueryRaw<int>("SELECT CAST(COUNT(*) AS integer) AS \"Value\" FROM qrtz_scheduler_state").SingleAsync();
            }
            catch (Npgsql.PostgresException)
            {
                // The tables are created when the scheduler starts.
            }
            if (jobs.Contains("send-queued-mail") && nodes > 0)
            {
                break;
            }
            await Task.Delay(500);
        }
        jobs.ShouldContain("send-queued-mail");
        jobs.ShouldContain("send-reminders");
        jobs.ShouldContain("route-stored-mail");
        nodes.ShouldBeGreaterThan(0);
    }

    [Test]
    public async Task Each_job_keeps_one_trigger_named_after_it_however_many_nodes_start()
    {
        await using var first = new FoiFactory(DatabaseProvider.Postgres, new Dictionary<string, string?> { ["Jobs:Enabled"] = "true" });
        _ = first.Services;
        await using var second = new FoiFactory(DatabaseProvider.Postgres, new Dictionary<string, string?>
        {
            ["Jobs:Enabled"] = "true",
            ["Database:ConnectionString"] = first.Settings["Database:ConnectionString"],
        });
        _ = second.Services;
        await using var scope = first.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await db.Database.SqlQueryRaw<int>("SELECT CAST(COUNT(*) AS integer) AS \"Value\" FROM qrtz_scheduler_state").SingleAsync() < 2
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }
        var triggers = await db.Database.SqlQueryRaw<string>("SELECT job_name || ' ' || trigger_name AS \"Value\" FROM qrtz_triggers").ToListAsync();

        // Without fixed names every node's start added one more trigger, and each fired the job again.
        triggers.ShouldNotBeEmpty();
        triggers.ShouldAllBe(t => t.Split(' ', StringSplitOptions.None)[0] == t.Split(' ', StringSplitOptions.None)[1]);
        triggers.Count.ShouldBe(triggers.Distinct().Count());
    }
}
