using System.Net;
using Foi.Common.Data;
using Foi.Tests.Support;
using MimeKit;
using Npgsql;
using Shouldly;

namespace Foi.Tests.Mail;

/// <summary>
/// The site's database goes away for a while (PostgreSQL refusing every connection to it) and comes back: meanwhile
/// pages already in the page cache still answer, others answer with the error page, not a stack trace, and
/// `mail receive` says "try again later"; afterwards the site recovers by itself and the reply the MTA piped again is
/// published.
/// </summary>
internal sealed class DatabaseOutageTests
{
    [Test]
    public async Task While_the_database_is_gone_pages_say_so_and_mail_waits_then_everything_recovers_by_itself()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FOI_TEST_POSTGRES")) && Environment.GetEnvironmentVariable("FOI_REQUIRE_POSTGRES") != "1")
        {
            Assert.Ignore("No PostgreSQL server: set FOI_TEST_POSTGRES.");
        }
        await using var site = new FoiFactory(DatabaseProvider.Postgres);
        _ = site.Services;
        var request = await RequestFixtures.FileAsync(site);
        var database = new NpgsqlConnectionStringBuilder(site.Settings["Database:ConnectionString"]).Database!;
        using var visitor = new SiteClient(site);
        using var queries = new PageQueryCounter();
        // Kept after every change so far reached the cache: filing's own changes, read from the feed, evict it once more.
        await PageCacheWaits.KeptAsync(site, queries, visitor, $"/request/{request.Slug}");

        var reply = TestMessages.Reply(request.Address, "Sent while the database was away");
        reply.Body = new TextPart("plain") { Text = "Piped during the outage." };
        var raw = TestMessages.Bytes(reply);

        await TestDatabases.SetConnectionsAsync(database, allowed: false);
        try
        {
            (await visitor.GetAsync($"/request/{request.Slug}")).Status.ShouldBe(HttpStatusCode.OK, "an anonymous reader's page was cached");
            var (status, page, _) = await visitor.GetAsync($"/authority/{request.AuthoritySlug}");
            status.ShouldBe(HttpStatusCode.InternalServerError);
            page.ShouldContain("Something went wrong");
            page.ShouldNotContain("Npgsql");
            page.ShouldNotContain("   at ");
            (await RequestFixtures.ReceiveAsync(site, raw)).ExitCode.ShouldBe(75);
        }
        finally
        {
            await TestDatabases.SetConnectionsAsync(database, allowed: true);
        }

        // The MTA tries again later; the site answers again without a restart.
        (await RequestFixtures.ReceiveAsync(site, raw)).ExitCode.ShouldBe(0);
        var (after, afterPage, _) = await visitor.GetAsync($"/request/{request.Slug}");
        after.ShouldBe(HttpStatusCode.OK);
        afterPage.ShouldContain("Piped during the outage.");
    }
}
