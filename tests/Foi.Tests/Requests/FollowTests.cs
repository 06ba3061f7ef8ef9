using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Foi.Common.Events;
using Foi.Modules.Requests.FollowThings;
using Foi.Modules.Requests.Redaction;
using Microsoft.EntityFrameworkCore;
using Foi.Tests.Mail;
using Foi.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Shouldly;

namespace Foi.Tests.Requests;

/// <summary>
/// Following a request, an authority, a person, all new and all successful requests: the daily digest tells each
/// follower what happened, once, without hidden things; its one-click unsubscribe works without signing in; and each
/// followed thing has an Atom feed with the same content.
/// </summary>
internal sealed class FollowTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    // Monday 2 November 2026, 06:00 in London: before the digest hour (7).
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));

    protected override TimeProvider Time => clock;

    /// <summary>The fixture's tests share one clock: moves it on to the next 5 past this hour.</summary>
    private void AdvanceToNext(int hour)
    {
        var now = clock.GetUtcNow();
        var next = new DateTimeOffset(now.Year, now.Month, now.Day, hour, 5, 0, TimeSpan.Zero);
        clock.Advance((next > now ? next : next.AddDays(1)) - now);
    }

    private Task<int> SendDigestsAsync() => InScopeAsync(s => s.GetRequiredService<AlertDigests>().SendDueAsync(CancellationToken.None));

    private async Task<SiteClient> FollowerAsync(string name)
    {
        var account = await RequestFixtures.AccountAsync(Site, name);
        var visitor = NewVisitor();
        await visitor.SignInAsync(account.Email, RequestFixtures.Password);
        Followers[visitor] = account.Email;
        return visitor;
    }

    private Dictionary<SiteClient, string> Followers { get; } = [];

    /// <summary>Clicks the page's first follow button, with the form's own hidden fields.</summary>
    private static async Task FollowAsync(SiteClient visitor, string page)
    {
        var html = (await visitor.GetAsync(page)).Html;
        var form = html[html.IndexOf("action=\"/follow\"", StringComparison.Ordinal)..];
        form = form[..form.IndexOf("</form>", StringComparison.Ordinal)];
        var fields = System.Text.RegularExpressions.Regex.Matches(form, "name=\"(kind|target|returnUrl|query)\" value=\"([^\"]*)\"")
            .ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        var (status, _, location) = await visitor.PostFormAsync(page, fields, "/follow");
        status.ShouldBe(HttpStatusCode.Redirect);
        var notice = (await visitor.GetAsync(location!)).Html;
        notice.ShouldContain("You are following");
    }

    private List<MimeMessage> DigestsTo(SiteClient follower) =>
        [.. Mailbox.All(Site.PickupDirectory).Select(m => m.Message)
            .Where(m => m.To.ToString().Contains(Followers[follower], StringComparison.Ordinal) && (m.Subject ?? "").Contains("alerts", StringComparison.Ordinal))];

    private static string Text(MimeMessage message) => message.TextBody ?? "";

    private static async Task ReplyAsync(FoiFactory site, FiledRequest request, string text)
    {
        var reply = TestMessages.Reply(request.Address, "Re: " + request.Title);
        reply.Body = new TextPart("plain") { Text = text };
        (await RequestFixtures.ReceiveAsync(site, TestMessages.Bytes(reply))).ExitCode.ShouldBe(0);
    }

    [Test]
    public async Task Each_kind_of_follow_gets_the_right_digest_once_and_hidden_things_never()
    {
        var watched = await RequestFixtures.FileAsync(Site, title: "Pothole repair budget " + Guid.NewGuid().ToString("N")[..6]);
        var other = await RequestFixtures.FileAsync(Site, title: "Library opening hours " + Guid.NewGuid().ToString("N")[..6]);

        var ofRequest = await FollowerAsync("Rita Request-follower");
        await FollowAsync(ofRequest, $"/request/{watched.Slug}");
        var ofAuthority = await FollowerAsync("Arthur Authority-follower");
        await FollowAsync(ofAuthority, $"/authority/{other.AuthoritySlug}");
        var ofNew = await FollowerAsync("Nina New-follower");
        await FollowAsync(ofNew, "/list");
        (await ofRequest.GetAsync("/account/following")).Html.ShouldContain(watched.Title);

        // After they followed: a reply to the watched request, a new request to the other authority, and a request
        // an admin hides at once.
        await ReplyAsync(Site, watched, "The pothole budget is attached.");
        var fresh = await RequestFixtures.FileAsync(Site, title: "Parks spending " + Guid.NewGuid().ToString("N")[..6], authoritySlug: other.AuthoritySlug);
        var hidden = await RequestFixtures.FileAsync(Site, title: "Hidden spam request " + Guid.NewGuid().ToString("N")[..6], authoritySlug: other.AuthoritySlug);
        await HideAsync(hidden.Id, "Spam");

        AdvanceToNext(6); // 06:05 (London is on UTC in November): not the digest hour yet
        (await SendDigestsAsync()).ShouldBe(0);
        clock.Advance(TimeSpan.FromHours(1)); // 07:05
        await SendDigestsAsync();
        await SendDigestsAsync(); // again: nothing twice

        var toRequestFollower = DigestsTo(ofRequest).ShouldHaveSingleItem();
        Text(toRequestFollower).ShouldContain($"replied to \"{watched.Title}\"");
        Text(toRequestFollower).ShouldNotContain(fresh.Title);
        toRequestFollower.Headers["List-Unsubscribe-Post"].ShouldBe("List-Unsubscribe=One-Click");

        var toAuthorityFollower = DigestsTo(ofAuthority).ShouldHaveSingleItem();
        Text(toAuthorityFollower).ShouldContain(fresh.Title);
        Text(toAuthorityFollower).ShouldNotContain(hidden.Title);
        Text(toAuthorityFollower).ShouldNotContain(watched.Title);

        var toNewFollower = DigestsTo(ofNew).ShouldHaveSingleItem();
        Text(toNewFollower).ShouldContain(fresh.Title);
        Text(toNewFollower).ShouldNotContain(hidden.Title);
        Text(toNewFollower).ShouldNotContain($"New request to {watched.Title}"); // made before they followed
        Text(toNewFollower).ShouldNotContain("replied to");

        // The next day, nothing new: no digest. Then a successful classification reaches the request's follower.
        clock.Advance(TimeSpan.FromDays(1));
        await SendDigestsAsync();
        DigestsTo(ofRequest).Count.ShouldBe(1);
        var requester = NewVisitor();
        await requester.SignInAsync(watched.RequesterEmail, RequestFixtures.Password);
        await requester.PostFormAsync($"/request/{watched.Slug}", new Dictionary<string, string> { ["state"] = "Successful" }, $"/request/{watched.Slug}/classify");
        clock.Advance(TimeSpan.FromDays(1));
        await SendDigestsAsync();
        DigestsTo(ofRequest).Count.ShouldBe(2);
        DigestsTo(ofRequest).ShouldContain(m => Text(m).Contains("is now: Successful", StringComparison.Ordinal));
    }

    [Test]
    public async Task One_post_to_the_unsubscribe_link_stops_the_alerts_without_signing_in()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var follower = await FollowerAsync("Una Unsubscriber");
        await FollowAsync(follower, $"/request/{request.Slug}");
        await ReplyAsync(Site, request, "First answer.");
        clock.Advance(TimeSpan.FromHours(2));
        await SendDigestsAsync();
        var digest = DigestsTo(follower).ShouldHaveSingleItem();
        var link = digest.Headers["List-Unsubscribe"]!.Trim('<', '>');
        link.ShouldStartWith("http://localhost/unsubscribe/");

        // A mail client's one-click unsubscribe: a bare POST, no cookies, no CSRF token.
        using var stranger = NewVisitor();
        var path = new Uri(link).AbsolutePath;
        using var response = await stranger.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await follower.GetAsync("/account/following")).Html.ShouldContain("You follow nothing yet");

        using var forged = await stranger.PostAsync(path[..^4] + "AAAA", new FormUrlEncodedContent([]));
        forged.StatusCode.ShouldBe(HttpStatusCode.NotFound, await forged.Content.ReadAsStringAsync());

        await ReplyAsync(Site, request, "Second answer.");
        clock.Advance(TimeSpan.FromDays(1));
        await SendDigestsAsync();
        DigestsTo(follower).Count.ShouldBe(1);
    }

    [Test]
    public async Task A_followed_search_tells_of_the_requests_it_finds_in_the_digest_and_its_feed()
    {
        var word = "zebracrossing" + Guid.NewGuid().ToString("N")[..6];
        var follower = await FollowerAsync("Sam Search-follower");
        await FollowAsync(follower, $"/search?q={word}");
        (await follower.GetAsync("/account/following")).Html.ShouldContain(word);

        var found = await RequestFixtures.FileAsync(Site, title: $"New {word} on the high street");
        var other = await RequestFixtures.FileAsync(Site, title: "Library opening hours " + Guid.NewGuid().ToString("N")[..6]);
        // The index follows the database within seconds, as the search page shows.
        for (var attempt = 0; !(await NewVisitor().GetAsync($"/search?q={word}")).Html.Contains(found.Title, StringComparison.Ordinal); attempt++)
        {
            attempt.ShouldBeLessThan(100, "the search index did not take the request in");
            await Task.Delay(100);
        }

        clock.Advance(TimeSpan.FromHours(2));
        await SendDigestsAsync();
        var digest = DigestsTo(follower).ShouldHaveSingleItem();
        Text(digest).ShouldContain(found.Title);
        Text(digest).ShouldNotContain(other.Title);
        Text(digest).ShouldContain($"requests found by the search \u201c{word}\u201d", Case.Sensitive);

        var feed = await FeedAsync($"/feed/search?q={word}");
        feed.Items.ShouldContain(i => i.Title.Text.Contains(found.Title, StringComparison.Ordinal));
        feed.Items.ShouldNotContain(i => i.Title.Text.Contains(other.Title, StringComparison.Ordinal));
    }

    [Test]
    public async Task A_hard_bounce_of_an_alert_stops_the_alerts_and_sign_in_says_why()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var account = await RequestFixtures.AccountAsync(Site, "Bo Bouncing");
        var follower = NewVisitor();
        await follower.SignInAsync(account.Email, RequestFixtures.Password);
        Followers[follower] = account.Email;
        await FollowAsync(follower, $"/request/{request.Slug}");
        await ReplyAsync(Site, request, "First answer.");
        AdvanceToNext(8);
        await SendDigestsAsync();
        var digest = DigestsTo(follower).ShouldHaveSingleItem();

        // The follower's mail server refuses the digest; the DSN comes back to the site's own address.
        var bounce = TestMessages.FromFile("postfix-dsn.eml", new Dictionary<string, string>
        {
            ["address"] = "do-not-reply@foi.test",
            ["outgoingmessageid"] = digest.MessageId!,
            ["messageid"] = $"{Guid.NewGuid():N}@foi-mta.test",
        });
        (await RequestFixtures.ReceiveAsync(Site, bounce)).ExitCode.ShouldBe(0);

        await ReplyAsync(Site, request, "Second answer.");
        AdvanceToNext(8);
        await SendDigestsAsync();
        DigestsTo(follower).Count.ShouldBe(1, "no alert to an address that bounced");

        var again = NewVisitor();
        var (_, _, location) = await again.SignInAsync(account.Email, RequestFixtures.Password);
        (await again.GetAsync(location!)).Html.ShouldContain($"Our email to {account.Email} could not be delivered");
    }

    [Test]
    public async Task Feeds_are_atom_with_stable_ids_and_leave_hidden_things_out()
    {
        var request = await RequestFixtures.FileAsync(Site, title: "Bin collection contract " + Guid.NewGuid().ToString("N")[..6]);
        await ReplyAsync(Site, request, "The contract is attached.");
        var page = (await NewVisitor().GetAsync($"/request/{request.Slug}")).Html;
        page.ShouldContain($"<link rel=\"alternate\" type=\"application/atom+xml\"");
        page.ShouldContain($"href=\"/feed/request/{request.Slug}\"");

        var feed = await FeedAsync($"/feed/request/{request.Slug}");
        feed.Items.Select(i => i.Title.Text).ShouldContain(t => t.Contains("replied to", StringComparison.Ordinal));
        feed.Items.Select(i => i.Title.Text).ShouldContain(t => t.Contains("New request", StringComparison.Ordinal));
        var ids = feed.Items.Select(i => i.Id).ToList();
        (await FeedAsync($"/feed/request/{request.Slug}")).Items.Select(i => i.Id).ShouldBe(ids);
        (await FeedAsync($"/feed/authority/{request.AuthoritySlug}")).Items.ShouldContain(i => i.Title.Text.Contains(request.Title, StringComparison.Ordinal));
        (await FeedAsync("/feed/list")).Items.ShouldContain(i => i.Title.Text.Contains(request.Title, StringComparison.Ordinal));

        await HideAsync(request.Id, "Personal data");
        (await NewVisitor().GetAsync($"/feed/request/{request.Slug}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await FeedAsync("/feed/list")).Items.ShouldNotContain(i => i.Title.Text.Contains(request.Title, StringComparison.Ordinal));
        (await FeedAsync($"/feed/authority/{request.AuthoritySlug}")).Items.ShouldNotContain(i => i.Title.Text.Contains(request.Title, StringComparison.Ordinal));
    }

    [Test]
    public async Task A_censor_rule_keeps_the_redacted_name_out_of_digests_and_feeds()
    {
        var name = "Quentin" + Guid.NewGuid().ToString("N")[..8];
        var request = await RequestFixtures.FileAsync(Site, title: $"Emails sent by {name} in March");
        var follower = await FollowerAsync("Fiona Follower");
        await FollowAsync(follower, $"/authority/{request.AuthoritySlug}");
        await ReplyAsync(Site, request, "The emails are attached.");
        await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<FoiDbContext>();
            var rule = CensorRule.Add(name, false, "[a named officer]", CensorScope.Authority, await db.Set<InfoRequest>().Where(r => r.Id == request.Id).Select(r => r.AuthorityId).SingleAsync(),
                "Named without consent", 0, clock.GetUtcNow());
            db.Add(rule);
            await db.SaveChangesAsync();
            db.Add(CensorRuleChange.Of(rule, "added", 0, clock.GetUtcNow()));
            await db.SaveChangesAsync();
            // What the admin page's event does: the title's redacted words also leave the request's address.
            await s.GetRequiredService<IEventHandler<CensorRuleChanged>>().HandleAsync(new CensorRuleChanged(rule.Id, [CensorRuleMatch.Of(rule)]), CancellationToken.None);
            return 0;
        });

        AdvanceToNext(7);
        await SendDigestsAsync();
        var digest = Text(DigestsTo(follower).ShouldHaveSingleItem());
        digest.ShouldContain("Emails sent by [a named officer] in March");
        digest.ShouldNotContain(name);
        var feed = (await NewVisitor().GetAsync($"/feed/authority/{request.AuthoritySlug}")).Html;
        feed.ShouldContain("Emails sent by [a named officer] in March");
        feed.ShouldNotContain(name);
    }

    /// <summary>An admin hides the request (the moderation pages have tests of their own).</summary>
    private Task<int> HideAsync(int requestId, string reason) => InScopeAsync(async s =>
    {
        var db = s.GetRequiredService<FoiDbContext>();
        var request = await db.Set<InfoRequest>().SingleAsync(r => r.Id == requestId);
        request.Hide(new Moderation(reason, clock.GetUtcNow(), 0));
        return await db.SaveChangesAsync();
    });

    private async Task<SyndicationFeed> FeedAsync(string path)
    {
        using var visitor = NewVisitor();
        var (status, xml, _) = await visitor.GetAsync(path);
        status.ShouldBe(HttpStatusCode.OK);
        using var reader = XmlReader.Create(new StringReader(xml));
        var formatter = new Atom10FeedFormatter();
        formatter.CanRead(reader).ShouldBeTrue("an Atom 1.0 feed");
        formatter.ReadFrom(reader);
        return formatter.Feed;
    }
}
