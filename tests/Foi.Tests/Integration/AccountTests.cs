using System.Net;
using Foi.Common.Data;
using Foi.Tests.Support;
using Shouldly;

namespace Foi.Tests.Integration;

internal sealed class AccountTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    [Test]
    public async Task Sign_up_with_bad_fields_shows_every_problem_and_creates_nothing()
    {
        var visitor = NewVisitor();
        var (status, html, _) = await visitor.PostFormAsync("/sign-up", new Dictionary<string, string>
        {
            ["Name"] = "", ["Email"] = "not-an-email", ["Password"] = "short", ["ConfirmPassword"] = "different",
        });

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("Please enter your name.");
        html.ShouldContain("That does not look like an email address.");
        html.ShouldContain("Your password needs at least 10 characters.");
        html.ShouldContain("The two passwords do not match.");
        html.ShouldContain("value=\"not-an-email\""); // what was typed is kept
    }

    [Test]
    public async Task An_unconfirmed_account_cannot_sign_in_and_is_sent_the_link_again()
    {
        var visitor = NewVisitor();
        var email = UniqueEmail();
        await visitor.PostFormAsync("/sign-up", new Dictionary<string, string>
        {
            ["Name"] = "Una Confirmed", ["Email"] = email, ["Password"] = "correct horse battery", ["ConfirmPassword"] = "correct horse battery",
        });
        Mailbox.LatestTo(Site.PickupDirectory, email); // the confirmation, sent in the background
        var mailsBefore = Mailbox.To(Site.PickupDirectory, email).Count;

        var (status, html, _) = await visitor.SignInAsync(email);

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("Please confirm your email address first");
        Mailbox.LatestTo(Site.PickupDirectory, email, mailsBefore + 1).ShouldNotBeNull();
    }

    [Test]
    public async Task A_forgotten_password_is_reset_through_the_mailed_link()
    {
        var email = UniqueEmail();
        await NewVisitor().SignUpAsync("Forgetful Person", email);
        var visitor = NewVisitor();

        var before = Mailbox.To(Site.PickupDirectory, email).Count;
        var (_, sent, _) = await visitor.PostFormAsync("/forgot-password", new Dictionary<string, string> { ["Email"] = email });
        sent.ShouldContain("a link to reset its password is on its way");
        var link = Mailbox.LinkIn(Mailbox.LatestTo(Site.PickupDirectory, email, before + 1), "/reset-password");
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + link).Query);

        var (_, done, _) = await visitor.PostFormAsync(link, new Dictionary<string, string>
        {
            ["User"] = query["user"]!, ["Token"] = query["token"]!, ["Password"] = "a brand new passphrase", ["ConfirmPassword"] = "a brand new passphrase",
        });
        done.ShouldContain("Your password has been changed");

        (await visitor.SignInAsync(email)).Html.ShouldContain("Either the email or the password was not right");
        (await visitor.SignInAsync(email, "a brand new passphrase")).Status.ShouldBe(HttpStatusCode.Redirect);
    }

    [Test]
    public async Task Forgot_password_gives_the_same_answer_for_unknown_addresses()
    {
        var (_, html, _) = await NewVisitor().PostFormAsync("/forgot-password", new Dictionary<string, string> { ["Email"] = UniqueEmail("nobody") });
        html.ShouldContain("If there is an account for");
    }

    [Test]
    public async Task A_signed_in_user_changes_their_password()
    {
        var email = UniqueEmail();
        var visitor = NewVisitor();
        await visitor.SignUpAsync("Changer Person", email);

        var (_, wrong, _) = await visitor.PostFormAsync("/account/password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = "not my password", ["NewPassword"] = "another long passphrase", ["ConfirmPassword"] = "another long passphrase",
        });
        wrong.ShouldContain("That is not your current password.");

        var (status, _, _) = await visitor.PostFormAsync("/account/password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = "correct horse battery", ["NewPassword"] = "another long passphrase", ["ConfirmPassword"] = "another long passphrase",
        });
        status.ShouldBe(HttpStatusCode.Redirect);
        (await NewVisitor().SignInAsync(email, "another long passphrase")).Status.ShouldBe(HttpStatusCode.Redirect);
    }

    [Test]
    public async Task Signing_out_ends_the_session()
    {
        var visitor = await SignedInCitizenAsync();
        (await visitor.GetAsync("/account/password")).Status.ShouldBe(HttpStatusCode.OK);

        var (status, _, _) = await visitor.PostFormAsync("/", new Dictionary<string, string>(), "/sign-out");
        status.ShouldBe(HttpStatusCode.Redirect);

        var (after, _, location) = await visitor.GetAsync("/account/password");
        after.ShouldBe(HttpStatusCode.Redirect);
        location!.ShouldContain("/sign-in");
    }
}
