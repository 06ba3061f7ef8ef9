using System.Net;
using System.Web;
using Foi.Common.Data;
using Foi.Modules.Users.Domain;
using Foi.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Integration;

/// <summary>The doors an attacker tries first: links that sign in, sessions that should have ended, who has an account.</summary>
internal sealed class AccountSecurityTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private const string Password = "correct horse battery";

    private async Task<int> IdOfAsync(string email) =>
        await InScopeAsync(async s => (await s.GetRequiredService<UserManager<User>>().FindByEmailAsync(email))!.Id);

    private static async Task ShouldBeSignedOutAsync(SiteClient visitor)
    {
        var (status, _, location) = await visitor.GetAsync("/account/password");
        status.ShouldBe(HttpStatusCode.Redirect);
        location!.ShouldContain("/sign-in");
    }

    private static async Task ShouldBeSignedInAsync(SiteClient visitor) =>
        (await visitor.GetAsync("/account/password")).Status.ShouldBe(HttpStatusCode.OK);

    private async Task<string> UnconfirmedAccountLinkAsync(string email)
    {
        (await NewVisitor().PostFormAsync("/sign-up", new Dictionary<string, string>
        {
            ["Name"] = "Connie Confirm", ["Email"] = email, ["Password"] = Password, ["ConfirmPassword"] = Password,
        })).Html.ShouldContain("check your email");
        return Mailbox.LinkIn(Mailbox.LatestTo(Site.PickupDirectory, email), "/confirm-email");
    }

    private async Task<string> ResetLinkAsync(string email)
    {
        var before = Mailbox.To(Site.PickupDirectory, email).Count;
        await NewVisitor().PostFormAsync("/forgot-password", new Dictionary<string, string> { ["Email"] = email });
        return Mailbox.LinkIn(Mailbox.LatestTo(Site.PickupDirectory, email, before + 1), "/reset-password");
    }

    private static Dictionary<string, string> ResetFields(string link, string password)
    {
        var query = HttpUtility.ParseQueryString(new Uri("http://x" + link).Query);
        return new() { ["User"] = query["user"]!, ["Token"] = query["token"]!, ["Password"] = password, ["ConfirmPassword"] = password };
    }

    [Test]
    public async Task A_confirmation_link_with_a_made_up_token_signs_nobody_in_to_a_confirmed_account()
    {
        var email = UniqueEmail("victim");
        await NewVisitor().SignUpAsync("Victor Victim", email);
        var id = await IdOfAsync(email);

        var attacker = NewVisitor();
        foreach (var token in new[] { "anything", "x", new string('A', 200) })
        {
            var (status, html, _) = await attacker.GetAsync($"/confirm-email?user={id}&token={token}");
            status.ShouldBe(HttpStatusCode.OK);
            html.ShouldNotContain("Victor Victim");
            await ShouldBeSignedOutAsync(attacker);
        }
    }

    [Test]
    public async Task A_confirmation_link_works_once_and_only_for_its_own_account()
    {
        var first = UniqueEmail("first");
        var second = UniqueEmail("second");
        var firstLink = await UnconfirmedAccountLinkAsync(first);
        var secondLink = await UnconfirmedAccountLinkAsync(second);
        var secondId = await IdOfAsync(second);

        // The first account's token with the second account's id.
        var token = HttpUtility.ParseQueryString(new Uri("http://x" + firstLink).Query)["token"]!;
        var swapped = NewVisitor();
        (await swapped.GetAsync($"/confirm-email?user={secondId}&token={Uri.EscapeDataString(token)}")).Html.ShouldContain("That confirmation link does not work");
        await ShouldBeSignedOutAsync(swapped);

        var owner = NewVisitor();
        (await owner.GetAsync(secondLink)).Status.ShouldBe(HttpStatusCode.Redirect);
        await ShouldBeSignedInAsync(owner);

        // The same link again, e.g. from a forwarded mail: nobody is signed in.
        var later = NewVisitor();
        var (status, html, _) = await later.GetAsync(secondLink);
        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("This address is already confirmed");
        await ShouldBeSignedOutAsync(later);
    }

    [Test]
    public async Task A_password_reset_token_is_not_a_confirmation_token_and_works_once()
    {
        var email = UniqueEmail();
        await NewVisitor().SignUpAsync("Resa Reset", email);
        var link = await ResetLinkAsync(email);
        var query = HttpUtility.ParseQueryString(new Uri("http://x" + link).Query);

        var other = UniqueEmail();
        var otherLink = await UnconfirmedAccountLinkAsync(other);
        var otherId = await IdOfAsync(other);
        (await NewVisitor().GetAsync($"/confirm-email?user={otherId}&token={Uri.EscapeDataString(query["token"]!)}")).Html
            .ShouldContain("That confirmation link does not work");
        otherLink.ShouldNotBeNull();

        var visitor = NewVisitor();
        (await visitor.PostFormAsync(link, ResetFields(link, "first new passphrase"))).Html.ShouldContain("Your password has been changed");
        var (_, again, _) = await NewVisitor().PostFormAsync(link, ResetFields(link, "second new passphrase"));
        again.ShouldContain("This reset link is not valid any more");
        (await NewVisitor().SignInAsync(email, "first new passphrase")).Status.ShouldBe(HttpStatusCode.Redirect);
    }

    [Test]
    public async Task Links_with_an_id_that_is_not_a_number_get_a_page_not_a_server_error()
    {
        foreach (var user in new[] { "abc", "99999999999999999999", "-1", "1%00", "" })
        {
            var confirming = NewVisitor();
            ((int)(await confirming.GetAsync($"/confirm-email?user={user}&token=x")).Status).ShouldBeLessThan(500, user);
            await ShouldBeSignedOutAsync(confirming);
            var (status, html, _) = await NewVisitor().PostFormAsync("/reset-password", new Dictionary<string, string>
            {
                ["User"] = user, ["Token"] = "x", ["Password"] = "a long new passphrase", ["ConfirmPassword"] = "a long new passphrase",
            });
            ((int)status).ShouldBeLessThan(500, user);
            if (status == HttpStatusCode.OK)
            {
                html.ShouldContain("This reset link is not valid any more");
            }
        }
    }

    [Test]
    public async Task Sign_up_answers_the_same_for_a_taken_address_and_mails_its_owner_instead()
    {
        var taken = UniqueEmail("taken");
        await NewVisitor().SignUpAsync("Olga Owner", taken);
        var fresh = UniqueEmail("fresh");

        async Task<string> SignUpAsync(string email) => (await NewVisitor().PostFormAsync("/sign-up", new Dictionary<string, string>
        {
            ["Name"] = "Someone Else", ["Email"] = email, ["Password"] = "another passphrase", ["ConfirmPassword"] = "another passphrase",
        })).Html;
        var takenPage = await SignUpAsync(taken);
        var freshPage = await SignUpAsync(fresh);

        takenPage.ShouldNotContain("already");
        takenPage.Replace(taken, "ADDRESS", StringComparison.Ordinal).ShouldBe(freshPage.Replace(fresh, "ADDRESS", StringComparison.Ordinal));
        var notice = Mailbox.LatestTo(Site.PickupDirectory, taken, atLeast: 2);
        (notice.TextBody ?? "").ShouldContain("You already have an");
        (notice.TextBody ?? "").ShouldContain("/forgot-password");
        // The owner's password still works; the stranger's does not.
        (await NewVisitor().SignInAsync(taken)).Status.ShouldBe(HttpStatusCode.Redirect);
        (await NewVisitor().SignInAsync(taken, "another passphrase")).Html.ShouldContain("Either the email or the password was not right");
    }

    [Test]
    public async Task Signing_out_ends_every_session_of_the_account_including_a_copied_cookie()
    {
        var email = UniqueEmail();
        var laptop = NewVisitor();
        await laptop.SignUpAsync("Sam Sessions", email);
        var phone = NewVisitor();
        (await phone.SignInAsync(email)).Status.ShouldBe(HttpStatusCode.Redirect);
        var copied = NewVisitor();
        copied.UseCookiesOf(laptop);
        await ShouldBeSignedInAsync(copied);

        (await laptop.PostFormAsync("/", new Dictionary<string, string>(), "/sign-out")).Status.ShouldBe(HttpStatusCode.Redirect);

        await ShouldBeSignedOutAsync(laptop);
        await ShouldBeSignedOutAsync(phone);
        await ShouldBeSignedOutAsync(copied);
    }

    [Test]
    public async Task A_password_reset_or_change_ends_the_other_sessions()
    {
        var email = UniqueEmail();
        var changer = NewVisitor();
        await changer.SignUpAsync("Pat Password", email);
        var stolen = NewVisitor();
        (await stolen.SignInAsync(email)).Status.ShouldBe(HttpStatusCode.Redirect);

        (await changer.PostFormAsync("/account/password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = Password, ["NewPassword"] = "changed passphrase", ["ConfirmPassword"] = "changed passphrase",
        })).Status.ShouldBe(HttpStatusCode.Redirect);
        await ShouldBeSignedInAsync(changer); // the session that changed it goes on
        await ShouldBeSignedOutAsync(stolen);

        var stolenAgain = NewVisitor();
        (await stolenAgain.SignInAsync(email, "changed passphrase")).Status.ShouldBe(HttpStatusCode.Redirect);
        var link = await ResetLinkAsync(email);
        (await NewVisitor().PostFormAsync(link, ResetFields(link, "reset passphrase"))).Html.ShouldContain("Your password has been changed");
        await ShouldBeSignedOutAsync(stolenAgain);
        await ShouldBeSignedOutAsync(changer);
    }

    [Test]
    public async Task A_ban_ends_the_sessions_of_the_account()
    {
        var email = UniqueEmail();
        var citizen = NewVisitor();
        await citizen.SignUpAsync("Bart Banned", email);
        var id = await IdOfAsync(email);
        var admin = await SignedInAdminAsync();

        (await admin.PostFormAsync($"/admin/users/{id}", new Dictionary<string, string> { ["reason"] = "Advertising." }, $"/admin/users/{id}/ban"))
            .Status.ShouldBe(HttpStatusCode.Redirect);

        await ShouldBeSignedOutAsync(citizen);
    }

    [Test]
    public async Task Wrong_passwords_from_a_stranger_do_not_lock_the_owner_out()
    {
        var email = UniqueEmail("owner");
        var owner = NewVisitor().From("198.51.100.10");
        await owner.SignUpAsync("Oona Owner", email);

        var attacker = NewVisitor().From("203.0.113.66");
        for (var i = 0; i < 5; i++)
        {
            (await attacker.SignInAsync(email, "guess number " + i)).Html.ShouldContain("Either the email or the password was not right");
        }
        // The attacker's network is stopped, even with the right password: guessing is over for it.
        var (status, html, _) = await attacker.SignInAsync(email);
        status.ShouldBe(HttpStatusCode.TooManyRequests);
        html.ShouldContain("Too many wrong passwords for this account from your network");
        await ShouldBeSignedOutAsync(attacker);

        // The owner, from their own network, signs in as ever.
        var ownerAgain = NewVisitor().From("198.51.100.10");
        (await ownerAgain.SignInAsync(email)).Status.ShouldBe(HttpStatusCode.Redirect);
        var ownerElsewhere = NewVisitor().From("192.0.2.44");
        (await ownerElsewhere.SignInAsync(email)).Status.ShouldBe(HttpStatusCode.Redirect);
    }

    [Test]
    public async Task Return_urls_stay_on_the_site_however_they_are_spelled()
    {
        var email = UniqueEmail();
        await NewVisitor().SignUpAsync("Rita Return", email);
        foreach (var returnUrl in new[] { "//evil.example/", "/\\evil.example/", "https://evil.example/", "http:evil.example", "/%2F%2Fevil.example", "/%5Cevil.example", "\\\\evil.example", " //evil.example", "/\t/evil.example" })
        {
            var visitor = NewVisitor();
            var (status, _, location) = await visitor.PostFormAsync("/sign-in", new Dictionary<string, string>
            {
                ["Email"] = email, ["Password"] = Password, ["ReturnUrl"] = returnUrl,
            });
            status.ShouldBe(HttpStatusCode.Redirect, returnUrl);
            location!.ShouldStartWith("/user/", customMessage: returnUrl);
        }
        var (_, _, local) = await NewVisitor().PostFormAsync("/sign-in", new Dictionary<string, string>
        {
            ["Email"] = email, ["Password"] = Password, ["ReturnUrl"] = "/authorities?letter=B",
        });
        local.ShouldBe("/authorities?letter=B");
    }

    [Test]
    public async Task Session_cookies_are_http_only_same_site_lax_and_named_for_this_site()
    {
        var email = UniqueEmail();
        await NewVisitor().SignUpAsync("Coco Cookie", email);
        using var response = await NewVisitor().PostFormResponseAsync("/sign-in", new Dictionary<string, string> { ["Email"] = email, ["Password"] = Password });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        var auth = cookies.Single(c => c.StartsWith("foi-", StringComparison.Ordinal) && c.Contains(".auth=", StringComparison.Ordinal));
        auth.ShouldContain("httponly", Case.Insensitive);
        auth.ShouldContain("samesite=lax", Case.Insensitive);
        cookies.ShouldNotContain(c => c.StartsWith("foi.auth=", StringComparison.Ordinal));
    }

    [Test]
    public async Task Nobody_comments_on_a_hidden_request_but_its_requester_and_admins_and_banned_accounts_cannot_report()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var commenter = await SignedInCitizenAsync("Carla Commenter");
        (await commenter.PostFormAsync($"/request/{request.Slug}", new Dictionary<string, string> { ["Body"] = "A public comment." }, $"/request/{request.Slug}/comments"))
            .Status.ShouldBe(HttpStatusCode.Redirect);
        var commentId = await InScopeAsync(s => Task.FromResult(s.GetRequiredService<FoiDbContext>().Set<Foi.Modules.Requests.Domain.Comment>()
            .Where(c => c.RequestId == request.Id).Select(c => c.Id).Single()));

        var bannedEmail = UniqueEmail("banned");
        var banned = NewVisitor();
        await banned.SignUpAsync("Benny Banned", bannedEmail);
        var admin = await SignedInAdminAsync();
        var bannedId = await IdOfAsync(bannedEmail);
        await admin.PostFormAsync($"/admin/users/{bannedId}", new Dictionary<string, string> { ["reason"] = "Abuse." }, $"/admin/users/{bannedId}/ban");
        (await banned.SignInAsync(bannedEmail)).Status.ShouldBe(HttpStatusCode.Redirect);
        var (_, pageForBanned, _) = await banned.GetAsync($"/request/{request.Slug}");
        pageForBanned.ShouldNotContain("Report this comment");
        var (reportStatus, _, _) = await banned.PostForgedAsync($"/request/{request.Slug}", new Dictionary<string, string> { ["reason"] = "spam" }, $"/request/{request.Slug}/comments/{commentId}/report");
        reportStatus.ShouldBe(HttpStatusCode.Forbidden);

        (await admin.PostFormAsync($"/admin/requests/{request.Slug}/hide", new Dictionary<string, string> { ["Reason"] = "Not for the public." }))
            .Status.ShouldBe(HttpStatusCode.Redirect);
        var (commentStatus, _, _) = await commenter.PostForgedAsync("/", new Dictionary<string, string> { ["Body"] = "Sneaky." }, $"/request/{request.Slug}/comments");
        commentStatus.ShouldBe(HttpStatusCode.Forbidden);
        (await commenter.PostForgedAsync("/", new Dictionary<string, string> { ["reason"] = "x" }, $"/request/{request.Slug}/comments/{commentId}/report"))
            .Status.ShouldBe(HttpStatusCode.Forbidden);
    }
}
