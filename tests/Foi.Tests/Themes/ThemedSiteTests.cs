using System.Net;
using Foi.Common.Data;
using Foi.Tests.Support;
using Shouldly;

namespace Foi.Tests.Themes;

/// <summary>The site under the OpenBook example theme: its own name, logo, colours, home page and two help pages; the default elsewhere.</summary>
internal sealed class ThemedSiteTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Themes:Active"] = "openbook",
        ["Themes:ContactMessagesPerHour"] = "3",
    };

    [Test]
    public async Task The_example_theme_changes_name_logo_colours_and_home_page()
    {
        var (status, home, _) = await NewVisitor().GetAsync("/");
        status.ShouldBe(HttpStatusCode.OK);
        home.ShouldContain("<span>OpenBook</span>");
        home.ShouldMatch("src=\"/theme/img/logo.svg\\?v=[0-9a-f]{12}\""); // fingerprinted, so browsers keep it for a year
        home.ShouldContain("href=\"/theme-colors.css\"");
        (await NewVisitor().GetAsync("/theme-colors.css")).Html.ShouldContain("--brand: #5b2a86;");
        home.ShouldContain("/theme/css/openbook.css");
        home.ShouldContain("Open the book on your public services"); // its strings file
        home.ShouldContain("Three steps"); // its view override
        (await NewVisitor().GetAsync("/theme/img/logo.svg")).Status.ShouldBe(HttpStatusCode.OK);
        (await NewVisitor().GetAsync("/theme/css/site.css")).Status.ShouldBe(HttpStatusCode.OK); // from the parent
    }

    [Test]
    public async Task The_theme_s_icon_answers_for_favicon_ico()
    {
        var (status, _, location) = await NewVisitor().GetAsync("/favicon.ico");
        status.ShouldBe(HttpStatusCode.MovedPermanently);
        location.ShouldBe("/theme/favicon.svg");
        var (bytes, type, _) = await NewVisitor().GetBytesAsync(location!);
        type.ShouldBe("image/svg+xml");
        System.Text.Encoding.UTF8.GetString(bytes).ShouldContain("#5b2a86"); // OpenBook's own, not the default's
        (await NewVisitor().GetAsync("/")).Html.ShouldMatch("<link rel=\"icon\" href=\"/theme/favicon.svg\\?v=[0-9a-f]{12}\"");
    }

    [Test]
    public async Task A_fingerprinted_theme_file_is_kept_for_a_year_and_an_unversioned_one_is_checked_each_time()
    {
        var home = (await NewVisitor().GetAsync("/")).Html;
        var logo = System.Text.RegularExpressions.Regex.Match(home, "/theme/img/logo.svg\\?v=[0-9a-f]{12}").Value;
        using var versioned = await NewVisitor().SendAsync(new HttpRequestMessage(HttpMethod.Get, logo));
        versioned.StatusCode.ShouldBe(HttpStatusCode.OK);
        versioned.Headers.CacheControl!.ToString().ShouldContain("immutable");
        versioned.Headers.CacheControl.MaxAge.ShouldBe(TimeSpan.FromDays(365));
        using var plain = await NewVisitor().SendAsync(new HttpRequestMessage(HttpMethod.Get, "/theme/img/logo.svg"));
        plain.Headers.CacheControl!.NoCache.ShouldBeTrue();
        plain.Headers.ETag.ShouldNotBeNull(); // so the check costs a 304, not the file
    }

    [Test]
    public async Task Help_pages_come_from_the_theme_then_its_parent()
    {
        var visitor = NewVisitor();
        (await visitor.GetAsync("/help/about")).Html.ShouldContain("About OpenBook");
        (await visitor.GetAsync("/help/unhappy")).Html.ShouldContain("Not the answer you hoped for?");
        var requesting = (await visitor.GetAsync("/help/requesting")).Html;
        requesting.ShouldContain("Making requests");
        requesting.ShouldContain("id=\"focused\"");
        requesting.ShouldContain("On this page"); // a long page gets a table of contents
        var index = (await visitor.GetAsync("/help")).Html;
        foreach (var title in new[] { "About OpenBook", "Making requests", "Your privacy", "For public authorities", "Credits", "Contact us", "Data and reuse" })
        {
            index.ShouldContain(title);
        }
        (await visitor.GetAsync("/help/no-such-page")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await visitor.GetAsync("/help/..%2Ftheme")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Pages_the_default_theme_draws_stay_as_they_are()
    {
        var (_, page, _) = await NewVisitor().GetAsync("/authorities");
        page.ShouldContain("Public authorities");
        page.ShouldContain("<span>OpenBook</span>");
    }

    [Test]
    public async Task The_contact_form_mails_the_theme_contact_address_and_ignores_bots()
    {
        var before = Mailbox.All(Site.PickupDirectory).Count(m => m.Message.To.ToString().Contains("hello@openbook.example", StringComparison.Ordinal));

        var (_, sent, _) = await NewVisitor().PostFormAsync("/help/contact", new Dictionary<string, string>
        {
            ["Name"] = "Paula Public", ["Email"] = "paula@people.test", ["Subject"] = "A missing council", ["Message"] = "Please add Upper Snoring.",
        });
        sent.ShouldContain("Thank you");
        var mail = Mailbox.LatestTo(Site.PickupDirectory, "hello@openbook.example");
        mail.Subject.ShouldBe("[Contact] A missing council");
        mail.ReplyTo.Mailboxes.Single().Address.ShouldBe("paula@people.test");

        var (_, botAnswer, _) = await NewVisitor().PostFormAsync("/help/contact", new Dictionary<string, string>
        {
            ["Name"] = "Bot", ["Email"] = "bot@spam.test", ["Subject"] = "Cheap pills", ["Message"] = "Buy now", ["Website"] = "http://spam.test",
        });
        botAnswer.ShouldContain("Thank you");
        Mailbox.All(Site.PickupDirectory).Count(m => m.Message.To.ToString().Contains("hello@openbook.example", StringComparison.Ordinal)).ShouldBe(before + 1);
    }

    [Test]
    public async Task The_contact_form_shows_field_errors_and_limits_messages_per_hour()
    {
        var visitor = NewVisitor();
        var (status, errors, _) = await visitor.PostFormAsync("/help/contact", new Dictionary<string, string> { ["Name"] = "", ["Email"] = "nope" });
        status.ShouldBe(HttpStatusCode.OK);
        errors.ShouldContain("Please enter your name.");
        errors.ShouldContain("That does not look like an email address.");
        errors.ShouldContain("Please write your message.");

        HttpStatusCode last = HttpStatusCode.OK;
        string lastPage = "";
        for (var i = 0; i < 4; i++)
        {
            (last, lastPage, _) = await visitor.PostFormAsync("/help/contact", new Dictionary<string, string>
            {
                ["Name"] = "Rapid", ["Email"] = "rapid@people.test", ["Subject"] = $"Message {i}", ["Message"] = "Again.",
            });
        }
        last.ShouldBe(HttpStatusCode.TooManyRequests);
        lastPage.ShouldContain("Please wait an hour and try again.");
    }

    [Test]
    public async Task Site_pages_link_to_the_required_help_sections()
    {
        var slug = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Linked Help Council"));
        var citizen = await SignedInCitizenAsync();
        var form = (await citizen.GetAsync($"/new/{slug}")).Html;
        form.ShouldContain("/help/requesting#focused");
        form.ShouldContain("/help/requesting#data_protection");
        (await NewVisitor().GetAsync("/sign-up")).Html.ShouldContain("/help/privacy#real_name");
    }
}
