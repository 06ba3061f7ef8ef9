using System.Net;
using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Modules.Spam.Domain;
using Foi.Modules.Spam.ReviewSpamQueue;
using Foi.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Spam;

/// <summary>Accounts scored at sign-up, the admin's spam queue, bans and what a banned or new account may do.</summary>
internal sealed class SpamAccountTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private async Task<(SiteClient Visitor, string Email)> SpammerAsync()
    {
        var visitor = NewVisitor();
        visitor.UseAgent("python-requests/2.31.0");
        var email = $"casino{Guid.NewGuid().ToString("N")[..6]}@mailinator.com";
        await visitor.SignUpAsync("Casino Bonus 2026", email);
        return (visitor, email);
    }

    private async Task<int> IdOfAsync(string email) =>
        await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private async Task<SpamVerdict?> VerdictAsync(int id) =>
        await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<SpamAssessment>().Where(a => a.UserId == id).Select(a => (SpamVerdict?)a.Verdict).SingleOrDefaultAsync());

    [Test]
    public async Task A_spammy_sign_up_is_flagged_with_its_reasons_and_a_genuine_one_is_not()
    {
        var (_, spamEmail) = await SpammerAsync();
        var genuineEmail = UniqueEmail();
        await NewVisitor().SignUpAsync("Gwen Genuine", genuineEmail);

        (await VerdictAsync(await IdOfAsync(spamEmail))).ShouldBe(SpamVerdict.Flagged);
        (await VerdictAsync(await IdOfAsync(genuineEmail))).ShouldBe(SpamVerdict.Clear);

        var admin = await SignedInAdminAsync();
        var (_, queue, _) = await admin.GetAsync("/admin/spam");
        queue.ShouldContain("Casino Bonus 2026");
        queue.ShouldContain("mailinator.com");
        queue.ShouldContain("name_spam_pattern");
        queue.ShouldContain("The sign-up came from a script rather than a browser.");
        queue.ShouldNotContain("Gwen Genuine");
    }

    [Test]
    public async Task A_request_or_comment_rescores_the_account_so_the_queue_never_shows_a_stale_reason()
    {
        var (_, email) = await SpammerAsync();
        var id = await IdOfAsync(email);
        async Task<string> FiredAsync() => await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<SpamAssessment>().Where(a => a.UserId == id).Select(a => a.FiredRules).SingleAsync());
        (await FiredAsync()).ShouldContain("no_activity");

        await RequestFixtures.FileAsync(Site, account: (id, email, "Casino Bonus 2026"));
        (await FiredAsync()).ShouldNotContain("no_activity");
    }

    [Test]
    public async Task A_banned_account_shows_the_reason_and_can_no_longer_request_comment_or_edit_but_keeps_its_requests()
    {
        var (spammer, email) = await SpammerAsync();
        var id = await IdOfAsync(email);
        var earlier = await RequestFixtures.FileAsync(Site, account: (id, email, "Casino Bonus 2026"));
        (await spammer.PostFormAsync($"/request/{earlier.Slug}", new Dictionary<string, string> { ["Body"] = "Play at casino-bonus.example tonight" }, $"/request/{earlier.Slug}/comments"))
            .Status.ShouldBe(HttpStatusCode.Redirect);
        (await NewVisitor().GetAsync($"/request/{earlier.Slug}")).Html.ShouldContain("casino-bonus.example");
        var admin = await SignedInAdminAsync();
        var (_, queue, _) = await admin.GetAsync("/admin/spam");
        using (var form = new FormUrlEncodedContent([
            new("__RequestVerificationToken", SiteClient.TokenIn(queue)), new("ids", id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("decision", "Ban"), new("reason", "Advertising a casino on the profile page")]))
        {
            (await admin.PostAsync("/admin/spam/review", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        var slug = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Users.Where(u => u.Id == id).Select(u => u.Slug).SingleAsync());
        var profile = (await NewVisitor().GetAsync($"/user/{slug}")).Html;
        profile.ShouldContain("This account has been banned: Advertising a casino on the profile page");
        profile.ShouldContain(earlier.Title);
        profile.ShouldContain("<meta name=\"robots\" content=\"noindex, nofollow\" />");
        // Its comments, with their links, leave the public pages; an admin still sees them, marked.
        (await NewVisitor().GetAsync($"/request/{earlier.Slug}")).Html.ShouldNotContain("casino-bonus.example");
        (await admin.GetAsync($"/request/{earlier.Slug}")).Html.ShouldContain("hidden: author banned");

        // The ban ended the account's sessions; signed in again, it can only read.
        await ShouldBeSignedOutAsync(spammer);
        (await spammer.SignInAsync(email)).Status.ShouldBe(HttpStatusCode.Redirect);
        var authority = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Ban Test Council"));
        var (_, refused, _) = await spammer.PostFormAsync($"/new/{authority}", new Dictionary<string, string>
        {
            ["Title"] = "Casino licences granted in 2026", ["Body"] = "Dear Council,\n\nPlease list the casino licences granted.\n\nYours faithfully,", ["Action"] = "send",
        });
        refused.ShouldContain("Your account is banned: you can read the site, but not make requests");
        (await spammer.PostForgedAsync($"/request/{earlier.Slug}", new Dictionary<string, string> { ["Body"] = "Visit my casino" }, $"/request/{earlier.Slug}/comments")).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await spammer.GetAsync($"/request/{earlier.Slug}/follow-up")).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await spammer.GetAsync("/account/profile")).Html.ShouldContain("You can&#x27;t update your profile text at this time.");

        var (_, account, _) = await admin.GetAsync($"/admin/users/{id}");
        account.ShouldContain("banned by");
        account.ShouldContain("Advertising a casino on the profile page");
        (await admin.PostFormAsync($"/admin/users/{id}", new Dictionary<string, string>(), $"/admin/users/{id}/unban")).Status.ShouldBe(HttpStatusCode.Redirect);
        (await NewVisitor().GetAsync($"/user/{slug}")).Html.ShouldNotContain("This account has been banned");
        (await NewVisitor().GetAsync($"/request/{earlier.Slug}")).Html.ShouldContain("casino-bonus.example");
        (await admin.GetAsync($"/admin/users/{id}")).Html.ShouldContain("unbanned by");
    }

    [Test]
    public async Task The_spam_queue_asks_the_database_the_same_number_of_times_however_many_accounts_wait()
    {
        async Task<(int Accounts, int Commands)> LoadQueueAsync()
        {
            await using var scope = Site.Services.CreateAsyncScope();
            using var counter = new CommandCounter(scope.ServiceProvider.GetRequiredService<FoiDbContext>());
            var waiting = await scope.ServiceProvider.GetRequiredService<SpamQueue>().WaitingAsync(CancellationToken.None);
            return (waiting.Count, counter.Count);
        }

        await SpammerAsync();
        var before = await LoadQueueAsync();
        for (var i = 0; i < 3; i++)
        {
            await SpammerAsync();
        }
        var after = await LoadQueueAsync();

        after.Accounts.ShouldBeGreaterThanOrEqualTo(before.Accounts + 3);
        after.Commands.ShouldBe(before.Commands);
        after.Commands.ShouldBeLessThanOrEqualTo(5, "one query per kind of fact: assessments, profiles, requests, comments");
    }

    [Test]
    public async Task Not_spam_takes_an_account_out_of_the_queue_until_its_profile_changes()
    {
        var (_, email) = await SpammerAsync();
        var id = await IdOfAsync(email);
        var admin = await SignedInAdminAsync();
        await admin.PostFormAsync("/admin/spam", new Dictionary<string, string> { ["ids"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["decision"] = "NotSpam" }, "/admin/spam/review");
        (await VerdictAsync(id)).ShouldBe(SpamVerdict.NotSpam);
        (await admin.GetAsync("/admin/spam")).Html.ShouldNotContain(email.Split('@')[0]);

        using var output = new StringWriter();
        using var error = new StringWriter();
        (await FoiCommandLine.RunAsync(Site.Services, ["spam", "rescore"], output, error)).ShouldBe(0);
        output.ToString().ShouldContain("newly flagged.");
        (await VerdictAsync(id)).ShouldBe(SpamVerdict.NotSpam);
    }

    [Test]
    public async Task A_new_account_earns_its_about_me_text_and_its_links_carry_no_endorsement()
    {
        var email = UniqueEmail();
        var visitor = NewVisitor();
        await visitor.SignUpAsync("Nina Newcomer", email);
        (await visitor.GetAsync("/account/profile")).Html.ShouldContain("You can write about yourself once you have made a request or added a comment.");

        var id = await IdOfAsync(email);
        await RequestFixtures.FileAsync(Site, account: (id, email, "Nina Newcomer"));
        var (status, _, _) = await visitor.PostFormAsync("/account/profile", new Dictionary<string, string> { ["AboutMe"] = "I research rural bus services and their subsidies, and write up what I find at https://busnotes.example/nina" });
        status.ShouldBe(HttpStatusCode.Redirect);

        var slug = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Users.Where(u => u.Id == id).Select(u => u.Slug).SingleAsync());
        var profile = (await NewVisitor().GetAsync($"/user/{slug}")).Html;
        profile.ShouldContain("<a href=\"https://busnotes.example/nina\" rel=\"nofollow ugc noopener\">");
        profile.ShouldNotContain("noindex");
        (await VerdictAsync(id)).ShouldNotBe(SpamVerdict.Flagged);
    }

    [Test]
    public async Task Every_spam_admin_page_and_action_refuses_a_citizen_and_sends_a_visitor_to_sign_in()
    {
        var citizen = await SignedInCitizenAsync();
        var visitor = NewVisitor();
        foreach (var page in new[] { "/admin/spam", "/admin/users/1" })
        {
            (await citizen.GetAsync(page)).Status.ShouldBe(HttpStatusCode.Forbidden, page);
            (await visitor.GetAsync(page)).Location!.ShouldContain("/sign-in");
        }
        foreach (var action in new[] { "/admin/spam/review", "/admin/users/1/ban", "/admin/users/1/unban" })
        {
            (await citizen.PostForgedAsync("/sign-in", new Dictionary<string, string> { ["ids"] = "1", ["decision"] = "Ban", ["reason"] = "x" }, action)).Status.ShouldBe(HttpStatusCode.Forbidden, action);
            (await visitor.PostForgedAsync("/sign-in", new Dictionary<string, string> { ["ids"] = "1", ["decision"] = "Ban", ["reason"] = "x" }, action)).Location!.ShouldContain("/sign-in");
        }
    }

    private static async Task ShouldBeSignedOutAsync(SiteClient visitor)
    {
        var (status, _, location) = await visitor.GetAsync("/account/password");
        status.ShouldBe(HttpStatusCode.Redirect);
        location!.ShouldContain("/sign-in");
    }
}
