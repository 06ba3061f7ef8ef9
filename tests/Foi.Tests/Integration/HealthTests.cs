using System.Net;
using System.Text.Json;
using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Integration;

/// <summary>What a load balancer and a monitoring system read: <c>/health/live</c> and <c>/health/ready</c>.</summary>
internal sealed class HealthTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    internal static async Task<(HttpStatusCode Status, JsonElement Body)> HealthAsync(SiteClient visitor, string path)
    {
        var (status, body, _) = await visitor.GetAsync(path);
        return (status, JsonDocument.Parse(body).RootElement.Clone());
    }

    internal static string StatusOf(JsonElement body, string entry) => body.GetProperty("entries").GetProperty(entry).GetProperty("status").GetString()!;

    [Test]
    public async Task Live_answers_healthy_without_checking_anything()
    {
        var (status, body) = await HealthAsync(NewVisitor(), "/health/live");
        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("status").GetString().ShouldBe("Healthy");
        body.GetProperty("entries").EnumerateObject().ShouldBeEmpty();
    }

    [Test]
    public async Task Ready_names_each_part_it_checked()
    {
        var visitor = NewVisitor();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        (HttpStatusCode Status, JsonElement Body) ready;
        do
        {
            ready = await HealthAsync(visitor, "/health/ready"); // the index is built in the background after a start
        }
        while (StatusOf(ready.Body, "search-index") != "Healthy" && DateTime.UtcNow < deadline && await Delay());

        ready.Status.ShouldBe(HttpStatusCode.OK);
        ready.Body.GetProperty("status").GetString().ShouldBe("Healthy");
        ready.Body.GetProperty("entries").EnumerateObject().Select(e => e.Name)
            .ShouldBe(["database", "jobs", "outgoing-mail", "mail-log-import", "search-index"], ignoreOrder: true);
        ready.Body.GetProperty("entries").GetProperty("jobs").GetProperty("description").GetString().ShouldStartWith("off on this node");
    }

    [Test]
    public async Task A_node_whose_schema_is_behind_its_code_is_not_ready()
    {
        var newest = await InScopeAsync(async s => (await s.GetRequiredService<FoiDbContext>().Database.GetAppliedMigrationsAsync()).Last());
        await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Database.ExecuteSqlAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {newest}"));
        try
        {
            var (status, body) = await HealthAsync(NewVisitor(), "/health/ready");
            status.ShouldBe(HttpStatusCode.ServiceUnavailable);
            body.GetProperty("status").GetString().ShouldBe("Unhealthy");
            StatusOf(body, "database").ShouldBe("Unhealthy");
            body.GetProperty("entries").GetProperty("database").GetProperty("description").GetString().ShouldBe("1 migration(s) not applied: run `foi db migrate`");
        }
        finally
        {
            await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Database.ExecuteSqlAsync(
                $"INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ({newest}, '10.0.0')"));
        }
        (await HealthAsync(NewVisitor(), "/health/ready")).Status.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(250);
        return true;
    }
}

/// <summary>The parts that need an operator make readiness "Degraded" (still 200: the node can serve), naming what is wrong.</summary>
internal sealed class DegradedHealthTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private readonly string mailLog = Path.Combine(Path.GetTempPath(), $"foi-health-{Guid.NewGuid():N}.log");

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // Nothing listens there: every attempt to send fails and the message stays in the queue.
        ["Mail:Transport"] = "Smtp",
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = Nginx.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Smtp:Security"] = "None",
        ["Mail:OutgoingStuckAfter"] = "00:00:01",
        ["Mail:Logs:Paths:0"] = mailLog,
    };

    [OneTimeTearDown]
    public void RemoveLog() => File.Delete(mailLog);

    [Test]
    public async Task Mail_the_server_will_not_take_makes_ready_degraded_with_the_count()
    {
        await RequestFixtures.FileAsync(Site);
        await Task.Delay(1500);

        var (status, body) = await HealthTests.HealthAsync(NewVisitor(), "/health/ready");

        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("status").GetString().ShouldBe("Degraded");
        var entry = body.GetProperty("entries").GetProperty("outgoing-mail");
        entry.GetProperty("status").GetString().ShouldBe("Degraded");
        entry.GetProperty("description").GetString()!.ShouldContain("unsent");
        entry.GetProperty("data").GetProperty("unsent").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
    }

    [Test]
    public async Task A_mail_log_nobody_read_makes_ready_degraded_until_it_is_imported()
    {
        await File.WriteAllTextAsync(mailLog, "2026-12-01T10:00:00.000000+00:00 mx postfix/qmgr[1]: 4AB12C3D4E: removed\n");

        var (_, before) = await HealthTests.HealthAsync(NewVisitor(), "/health/ready");
        HealthTests.StatusOf(before, "mail-log-import").ShouldBe("Degraded");
        before.GetProperty("entries").GetProperty("mail-log-import").GetProperty("description").GetString().ShouldBe($"{mailLog} was never read");

        using var output = new StringWriter();
        using var error = new StringWriter();
        (await FoiCommandLine.RunAsync(Site.Services, ["mail-logs", "import"], output, error)).ShouldBe(0, error.ToString());

        var (_, after) = await HealthTests.HealthAsync(NewVisitor(), "/health/ready");
        HealthTests.StatusOf(after, "mail-log-import").ShouldBe("Healthy");
    }
}
