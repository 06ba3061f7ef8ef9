using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Requests.Domain;
using Foi.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Requests;

/// <summary>
/// Each page runs the same number of queries whatever it shows: a request with one message or with thirty, a list of
/// one request or of thirty, its first page or a later one. Visits are signed in, or to an address not visited yet, so
/// the page is made rather than read from the cache.
/// </summary>
internal sealed class PageQueryCountTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    [Test]
    public async Task The_request_page_runs_as_many_queries_for_thirty_messages_as_for_one()
    {
        using var queries = new PageQueryCounter();
        var account = await RequestFixtures.AccountAsync(Site, "Quentin Queries");
        var small = await RequestFixtures.FileAsync(Site, account: account);
        var large = await RequestFixtures.FileAsync(Site, account: account);
        await AddCorrespondenceAsync(large.Id, messages: 30, commenterId: account.Id);
        var requester = NewVisitor();
        await requester.SignInAsync(account.Email, RequestFixtures.Password);
        var admin = await SignedInAdminAsync();

        foreach (var (who, client) in new[] { ("anonymous", NewVisitor()), ("requester", requester), ("admin", admin) })
        {
            var one = await queries.GetAsync(client, $"/request/{small.Slug}");
            var thirty = await queries.GetAsync(client, $"/request/{large.Slug}");
            thirty.Html.ShouldContain("Reply number 29");
            one.Queries.ShouldBeGreaterThan(0);
            thirty.Queries.ShouldBe(one.Queries, $"{who}: the page with thirty messages ran {thirty.Queries} queries, with one {one.Queries}");
        }
    }

    [Test]
    public async Task Lists_run_as_many_queries_for_thirty_requests_as_for_one_on_any_page()
    {
        using var queries = new PageQueryCounter();
        var citizen = await SignedInCitizenAsync();
        var few = await RequestFixtures.AccountAsync(Site, "Fiona Few");
        var many = await RequestFixtures.AccountAsync(Site, "Magnus Many");
        var quiet = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Quiet Council"), "foi@quiet.example", "quietcouncil");
        var busy = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Busy Council"), "foi@busy.example", "busycouncil");
        await RequestFixtures.FileAsync(Site, authoritySlug: quiet, account: few);
        for (var i = 0; i < 30; i++)
        {
            await RequestFixtures.FileAsync(Site, authoritySlug: busy, account: many);
        }
        var fewSlug = await SlugOfAsync(few.Id);
        var manySlug = await SlugOfAsync(many.Id);

        await ShouldMatchAsync(queries, citizen, $"/authority/{quiet}", $"/authority/{busy}");
        await ShouldMatchAsync(queries, citizen, $"/user/{fewSlug}", $"/user/{manySlug}");
        await ShouldMatchAsync(queries, citizen, "/list?tag=quietcouncil", "/list?tag=busycouncil");
        (await citizen.GetAsync("/list?tag=quietcouncil")).Html.ShouldContain("<p class=\"list-count\">1 request.</p>");
        (await citizen.GetAsync("/list?tag=busycouncil")).Html.ShouldContain("<p class=\"list-count\">30 requests.</p>");
        var firstPage = await queries.GetAsync(citizen, $"/authority/{busy}");
        var older = System.Text.RegularExpressions.Regex.Match(firstPage.Html, "before=(\\d+)").Groups[1].Value;
        older.ShouldNotBeEmpty();
        await ShouldMatchAsync(queries, citizen, $"/authority/{busy}", $"/authority/{busy}?before={older}");
        await ShouldMatchAsync(queries, citizen, "/list", $"/list?before={older}");
        (await queries.GetAsync(citizen, "/")).Queries.ShouldBe((await queries.GetAsync(citizen, "/")).Queries);
    }

    private static async Task ShouldMatchAsync(PageQueryCounter queries, SiteClient client, string fewer, string more)
    {
        var a = await queries.GetAsync(client, fewer);
        var b = await queries.GetAsync(client, more);
        a.Status.ShouldBe(System.Net.HttpStatusCode.OK);
        b.Status.ShouldBe(System.Net.HttpStatusCode.OK);
        a.Queries.ShouldBeGreaterThan(0);
        b.Queries.ShouldBe(a.Queries, $"{more} ran {b.Queries} queries, {fewer} {a.Queries}");
    }

    private Task<string> SlugOfAsync(int userId) =>
        InScopeAsync(s => Task.FromResult(s.GetRequiredService<FoiDbContext>().Users.Single(u => u.Id == userId).Slug));

    /// <summary>Replies with an attachment each, a comment for every reply, and follow-ups sent by mail with lines of the mail log.</summary>
    private Task<int> AddCorrespondenceAsync(int requestId, int messages, int commenterId) => InScopeAsync(async s =>
    {
        var db = s.GetRequiredService<FoiDbContext>();
        var outbox = s.GetRequiredService<IMailOutbox>();
        var added = new List<RequestMessage>();
        for (var i = 0; i < messages; i++)
        {
            var mail = outbox.Enqueue(new OutgoingEmail("Quentin Queries", null, ["foi@council.example"], $"Follow-up {i}", $"Follow-up number {i}.", "followup"));
            db.Add(RequestMessage.Outgoing(requestId, OutgoingKind.FollowUp, $"Follow-up {i}", $"Follow-up number {i}.", mail.Id, DateTimeOffset.UtcNow.AddMinutes(i)));
            db.Add(MailLogEvidence.Of(mail.Id, "inode-1", "/var/log/exim4/mainlog", i + 1, DateTimeOffset.UtcNow.AddMinutes(i), $"=> foi@council.example R=dnslookup T=remote_smtp id={i}"));
            var message = RequestMessage.Incoming(requestId, Guid.NewGuid(), "Records Team", "records@council.example", $"RE: part {i}",
                $"Reply number {i}: the records are attached.", null, false, null, DateTimeOffset.UtcNow.AddMinutes(i));
            db.Add(message);
            added.Add(message);
            db.Add(Comment.Write(requestId, commenterId, $"Comment number {i}", DateTimeOffset.UtcNow.AddMinutes(i)));
        }
        await db.SaveChangesAsync();
        foreach (var message in added)
        {
            db.Add(RequestAttachment.For(message.Id, 0, "records.txt", "text/plain", 20, "The records, as text.", null));
        }
        return await db.SaveChangesAsync();
    });
}
