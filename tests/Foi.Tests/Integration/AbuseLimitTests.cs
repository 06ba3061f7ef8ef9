using System.Net;
using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Users.Domain;
using Foi.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Integration;

/// <summary>
/// Limits on what a stranger can make the site do, tried the way a script would: many at once, from one client or
/// from many. Each test plays its own client addresses, so the counters of one test do not reach another.
/// </summary>
internal sealed class AbuseLimitTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private const string Password = "correct horse battery";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Spam:Limits:SignUpsPerIpPerHour"] = "5",
        ["Spam:Limits:RequestsPerUserPerDay"] = "10",
        ["Spam:Limits:AnonymousDraftsPerIpPerHour"] = "3",
        ["Accounts:SignInAttemptsPerClient"] = "12",
        ["Accounts:WrongPasswordsPerAccount"] = "6",
        ["Accounts:MailsPerAddressPerHour"] = "3",
    };

    private static Dictionary<string, string> SignUpFields(string email) =>
        new() { ["Name"] = "Racing Person", ["Email"] = email, ["Password"] = Password, ["ConfirmPassword"] = Password };

    /// <summary>Waits until the background sender has written every mail it will, then counts them.</summary>
    private async Task<int> SettledMailCountAsync(string email)
    {
        var count = -1;
        for (var quiet = 0; quiet < 4;)
        {
            await Task.Delay(250);
            var now = Mailbox.To(Site.PickupDirectory, email).Count;
            quiet = now == count ? quiet + 1 : 0;
            count = now;
        }
        return count;
    }

    [Test]
    public async Task Twenty_sign_ups_at_once_from_one_client_create_no_more_accounts_than_the_limit()
    {
        var emails = Enumerable.Range(0, 20).Select(i => UniqueEmail($"racer{i}")).ToList();
        var answers = await Task.WhenAll(emails.Select(email => NewVisitor().From("203.0.113.20").PostFormAsync("/sign-up", SignUpFields(email))));

        var created = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Users.CountAsync(u => emails.Contains(u.Email!)));
        created.ShouldBe(5, "a burst admits exactly the limit: never more, and never none (each refusing the others)");
        answers.Count(a => a.Status == HttpStatusCode.TooManyRequests).ShouldBe(20 - created);
        answers.First(a => a.Status == HttpStatusCode.TooManyRequests).Html.ShouldContain("Too many accounts have been created from your network");
        // Another network is not held back by this one.
        (await NewVisitor().From("198.51.100.20").PostFormAsync("/sign-up", SignUpFields(UniqueEmail("neighbour")))).Html.ShouldContain("check your email");
    }

    [Test]
    public async Task Twelve_requests_at_once_create_no_more_than_the_daily_limit()
    {
        var slug = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Raced Council"));
        var email = UniqueEmail("requester");
        var citizen = NewVisitor().From("198.51.100.21");
        await citizen.SignUpAsync("Rachel Racer", email);
        var userId = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => citizen.PostFormAsync($"/new/{slug}", new Dictionary<string, string>
        {
            ["Title"] = $"Raced request number {i}", ["Body"] = "Dear Council,\n\nPlease send the figures.\n\nYours faithfully,", ["Action"] = "send",
        })));

        // Exactly the limit: never past it, and racing attempts do not refuse one another.
        var made = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<InfoRequest>().CountAsync(r => r.UserId == userId));
        made.ShouldBe(10);
        // No unit is lost: one at a time, the account makes exactly the rest of its ten, then is refused.
        for (var i = made; i < 10; i++)
        {
            (await citizen.PostFormAsync($"/new/{slug}", new Dictionary<string, string>
            {
                ["Title"] = $"Calm request number {i}", ["Body"] = "Dear Council,\n\nPlease send the figures.\n\nYours faithfully,", ["Action"] = "send",
            })).Status.ShouldBe(HttpStatusCode.Redirect);
        }
        (await citizen.PostFormAsync($"/new/{slug}", new Dictionary<string, string>
        {
            ["Title"] = "One too many", ["Body"] = "Dear Council,\n\nPlease send the figures.\n\nYours faithfully,", ["Action"] = "send",
        })).Status.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Test]
    public async Task Requests_of_one_title_sent_at_the_same_moment_each_get_their_own_page()
    {
        var slug = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Twin Council"));
        var title = $"Twin titles {Guid.NewGuid():N}";
        var citizens = await Task.WhenAll(Enumerable.Range(0, 5).Select(async i =>
        {
            var citizen = NewVisitor().From($"198.51.100.{80 + i}");
            await citizen.SignUpAsync("Tess Twin", UniqueEmail("twin"));
            return citizen;
        }));

        var answers = await Task.WhenAll(citizens.Select(citizen => citizen.PostFormAsync($"/new/{slug}", new Dictionary<string, string>
        {
            ["Title"] = title, ["Body"] = "Dear Council,\n\nPlease send the figures.\n\nYours faithfully,", ["Action"] = "send",
        })));

        answers.ShouldAllBe(a => a.Status == HttpStatusCode.Redirect);
        answers.Select(a => a.Location).Distinct().Count().ShouldBe(5);
        var slugs = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<InfoRequest>().Where(r => r.Title == title).Select(r => r.Slug).ToListAsync());
        slugs.Distinct().Count().ShouldBe(5);
    }

    [Test]
    public async Task Fifty_forgotten_password_forms_for_one_address_send_it_three_mails()
    {
        var email = UniqueEmail("forgetful");
        await NewVisitor().From("198.51.100.30").SignUpAsync("Fred Forgetful", email);
        var afterSignUp = await SettledMailCountAsync(email);

        var attacker = NewVisitor().From("203.0.113.30");
        for (var i = 0; i < 50; i++)
        {
            (await attacker.PostFormAsync("/forgot-password", new Dictionary<string, string> { ["Email"] = email })).Status.ShouldBe(HttpStatusCode.OK);
        }

        (await SettledMailCountAsync(email) - afterSignUp).ShouldBe(2); // three a hour, and the sign-up's confirmation was one
    }

    [Test]
    public async Task Signing_in_to_an_unconfirmed_account_again_and_again_does_not_flood_its_mailbox()
    {
        var email = UniqueEmail("unconfirmed");
        (await NewVisitor().From("198.51.100.40").PostFormAsync("/sign-up", SignUpFields(email))).Html.ShouldContain("check your email");

        var visitor = NewVisitor().From("203.0.113.40");
        for (var i = 0; i < 10; i++)
        {
            (await visitor.SignInAsync(email)).Html.ShouldContain("Please confirm your email address first");
        }

        (await SettledMailCountAsync(email)).ShouldBe(3);
    }

    [Test]
    public async Task Drafts_from_a_visitor_who_is_not_signed_in_are_limited_per_client()
    {
        var slug = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Drafted Council"));
        var visitor = NewVisitor().From("203.0.113.50");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await visitor.PostFormAsync($"/new/{slug}", new Dictionary<string, string>
            {
                ["Title"] = $"Drafted request {i}", ["Body"] = "Dear Council,\n\nPlease send it.\n\nYours faithfully,", ["Action"] = "send",
            })).Status);
        }
        statuses.ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests]);
    }

    [Test]
    public async Task Wrong_passwords_from_many_clients_stop_strangers_but_not_the_owner_on_a_browser_used_before()
    {
        var email = UniqueEmail("target");
        var owner = NewVisitor().From("198.51.100.60");
        await owner.SignUpAsync("Tina Target", email);
        (await owner.PostFormAsync("/", new Dictionary<string, string>(), "/sign-out")).Status.ShouldBe(HttpStatusCode.Redirect);

        for (var i = 0; i < 6; i++)
        {
            (await NewVisitor().From($"203.0.113.{100 + i}").SignInAsync(email, "guess " + i)).Html.ShouldContain("Either the email or the password was not right");
        }
        var (strangerStatus, strangerPage, _) = await NewVisitor().From("203.0.113.200").SignInAsync(email);
        strangerStatus.ShouldBe(HttpStatusCode.TooManyRequests);
        strangerPage.ShouldContain("Sign in from a browser you used before, or reset your password");

        (await owner.SignInAsync(email)).Status.ShouldBe(HttpStatusCode.Redirect);
    }

    [Test]
    public async Task One_client_trying_many_accounts_is_stopped()
    {
        var client = NewVisitor().From("203.0.113.70");
        for (var i = 0; i < 12; i++)
        {
            (await client.SignInAsync(UniqueEmail("sprayed"), "password123456")).Status.ShouldBe(HttpStatusCode.OK);
        }
        var (status, html, _) = await client.SignInAsync(UniqueEmail("sprayed"), "password123456");
        status.ShouldBe(HttpStatusCode.TooManyRequests);
        html.ShouldContain("Too many sign-in attempts from your network");
    }
}
