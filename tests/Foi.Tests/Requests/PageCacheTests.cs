using System.Net;
using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Foi.Tests.Mail;
using Foi.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Requests;

/// <summary>
/// Anonymous visitors read pages from the cache (no query at all), and a cached page changes at once after a reply, a
/// classification, a censor rule or a hide; a change another node made arrives through the change feed.
/// </summary>
internal sealed class PageCacheTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private static string Word(string stem) => stem + Guid.NewGuid().ToString("N")[..8];

    [Test]
    public async Task Cached_pages_change_at_once_after_a_reply_a_classification_a_censor_rule_and_a_hide()
    {
        using var queries = new PageQueryCounter();
        var account = await RequestFixtures.AccountAsync(Site, "Carys Cached");
        var request = await RequestFixtures.FileAsync(Site, $"Bridge repairs {Word("viaduct")}", account: account);
        var visitor = NewVisitor();
        var page = $"/request/{request.Slug}";

        var (made, _, first) = await queries.GetAsync(visitor, page);
        made.ShouldBeGreaterThan(0);
        (await PageCacheWaits.KeptAsync(Site, queries, visitor, page)).ShouldBe(first);
        await PageCacheWaits.KeptAsync(Site, queries, visitor, "/list");

        // A reply: on the page and in the list's status at once.
        var replyWord = Word("girder");
        var reply = TestMessages.Reply(request.Address, $"RE: {request.Title}", "officer@council.example");
        reply.Body = new MimeKit.TextPart("plain") { Text = $"The {replyWord} survey is attached." };
        (await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(reply))).ExitCode.ShouldBe(0);
        (await visitor.GetAsync(page)).Html.ShouldContain(replyWord);

        // A classification by the requester.
        var requester = NewVisitor();
        await requester.SignInAsync(account.Email, RequestFixtures.Password);
        (await requester.PostFormAsync(page, new Dictionary<string, string> { ["state"] = "Rejected" }, $"{page}/classify")).Status.ShouldBe(HttpStatusCode.Redirect);
        (await visitor.GetAsync(page)).Html.ShouldContain("Refused");
        (await visitor.GetAsync("/list")).Html.ShouldContain("Refused");

        // A censor rule, made by an admin, for this request.
        var admin = await SignedInAdminAsync();
        (await admin.PostFormAsync($"/admin/censor-rules?scope=Request&target={request.Slug}", new Dictionary<string, string>
        {
            ["Pattern"] = replyWord, ["IsRegex"] = "false", ["Replacement"] = "", ["Scope"] = "Request", ["Target"] = request.Slug, ["Note"] = "A test.",
        }, "/admin/censor-rules")).Status.ShouldBe(HttpStatusCode.Redirect);
        var redacted = (await visitor.GetAsync(page)).Html;
        redacted.ShouldNotContain(replyWord);
        redacted.ShouldContain("[REDACTED]");

        // A hide: never served from the cache again.
        (await admin.PostFormAsync($"/admin/requests/{request.Slug}/hide", new Dictionary<string, string> { ["Reason"] = "Published without consent." })).Status.ShouldBe(HttpStatusCode.Redirect);
        (await visitor.GetAsync(page)).Status.ShouldBe(HttpStatusCode.Gone);
        (await visitor.GetAsync("/list")).Html.ShouldNotContain(page);
    }

    [Test]
    public async Task Signed_in_visitors_and_visitors_with_a_notice_get_their_own_page()
    {
        using var queries = new PageQueryCounter();
        var request = await RequestFixtures.FileAsync(Site);
        var page = $"/request/{request.Slug}";
        await PageCacheWaits.KeptAsync(Site, queries, NewVisitor(), page);

        var citizen = await SignedInCitizenAsync();
        var (queriesSignedIn, _, html) = await queries.GetAsync(citizen, page);
        queriesSignedIn.ShouldBeGreaterThan(0);
        html.ShouldContain("Sign out");
    }

    [Test]
    public async Task A_change_made_on_another_node_reaches_the_cache_through_the_change_feed()
    {
        var request = await RequestFixtures.FileAsync(Site, $"Ferry timetables {Word("harbour")}");
        var visitor = NewVisitor();
        var page = $"/request/{request.Slug}";
        (await visitor.GetAsync(page)).Html.ShouldContain(request.Title);
        (await visitor.GetAsync(page)).Html.ShouldContain(request.Title);

        // Another node's save: the row and its change are written past this process's change recorder.
        var newTitle = $"Ferry fares {Word("quay")}";
        await InScopeAsync(services => services.GetRequiredService<FoiDbContext>().Set<InfoRequest>()
            .Where(r => r.Id == request.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.Title, newTitle)));
        await OtherNodeChangedAsync("request", request.Id);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await visitor.GetAsync(page)).Html.Contains(newTitle, StringComparison.Ordinal))
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the cached page was not evicted from the change feed");
            await Task.Delay(100);
        }
    }

    [Test]
    public async Task A_change_read_past_a_gap_in_the_feed_evicts_once_not_every_round_until_the_gap_closes()
    {
        using var queries = new PageQueryCounter();
        var request = await RequestFixtures.FileAsync(Site, $"Lighthouse keepers {Word("lamp")}");
        var visitor = NewVisitor();
        var page = $"/request/{request.Slug}";
        await PageCacheWaits.KeptAsync(Site, queries, visitor, page);

        await ChangeFeedWrites.OpenGapAsync(Site, Provider);
        await OtherNodeChangedAsync("request", request.Id);
        await PageCacheWaits.KeptAsync(Site, queries, visitor, page);

        // The next rounds read the changes past the gap again; a change elsewhere proves a round ran since.
        await OtherNodeChangedAsync("user", int.MaxValue - 1);
        await PageCacheWaits.CaughtUpAsync(Site);
        await OtherNodeChangedAsync("user", int.MaxValue - 2);
        await PageCacheWaits.CaughtUpAsync(Site);
        (await queries.GetAsync(visitor, page)).Queries.ShouldBe(0, "the page was evicted again by a change already applied");
    }

    private Task OtherNodeChangedAsync(string topic, int id) => ChangeFeedWrites.OtherNodeChangedAsync(Site, Provider, topic, id);
}
