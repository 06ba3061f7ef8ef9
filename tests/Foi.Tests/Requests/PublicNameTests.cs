using System.Net;
using Foi.Common.Data;
using Foi.Tests.Mail;
using Foi.Tests.Support;
using MimeKit;
using Shouldly;

namespace Foi.Tests.Requests;

/// <summary>A requester shown by their initials: the authority gets their real name, the public never reads it.</summary>
internal sealed class PublicNameTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    [Test]
    public async Task The_authority_gets_the_real_name_and_every_public_surface_the_chosen_one()
    {
        var surname = "Featherstonehaugh" + Guid.NewGuid().ToString("N")[..6];
        var account = await RequestFixtures.AccountAsync(Site, $"Imogen {surname}");
        var person = NewVisitor();
        await person.SignInAsync(account.Email, RequestFixtures.Password);
        (await person.GetAsync("/account/public-name")).Html.ShouldContain($"Imogen {surname}");
        var (tooShort, tooShortHtml, _) = await person.PostFormAsync("/account/public-name", new Dictionary<string, string> { ["PublicName"] = "I" });
        tooShort.ShouldBe(HttpStatusCode.OK);
        tooShortHtml.ShouldContain("A public name has 2 to 100 characters.");
        var (saved, _, profile) = await person.PostFormAsync("/account/public-name", new Dictionary<string, string> { ["PublicName"] = "I. F." });
        saved.ShouldBe(HttpStatusCode.Redirect);
        profile.ShouldBe("/user/i-f");

        var request = await RequestFixtures.FileAsync(Site, "Tree preservation orders in 2026", account: account);
        // The letter itself goes out signed and sent with the real name.
        var letter = Mailbox.LatestTo(Site.PickupDirectory, "foi@council.example");
        letter.From.Mailboxes.Single().Name.ShouldBe($"Imogen {surname}");
        (letter.TextBody ?? "").ShouldContain($"Imogen {surname}");

        var reply = TestMessages.Reply(request.Address, $"RE: {request.Title}");
        reply.Body = new TextPart("plain") { Text = $"Dear Ms {surname},\n\nThe orders are listed below.\n\nDear Imogen {surname}, we hope this helps." };
        (await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(reply))).ExitCode.ShouldBe(0);

        var visitor = NewVisitor();
        var page = (await visitor.GetAsync($"/request/{request.Slug}")).Html;
        page.ShouldContain("Dear I. F.,");
        page.ShouldContain("href=\"/user/i-f\">I. F.</a>");
        var surfaces = new Dictionary<string, string>
        {
            ["page"] = page,
            ["profile"] = (await visitor.GetAsync(profile!)).Html,
            ["API"] = (await visitor.GetAsync($"/api/v1/requests/{request.Slug}")).Html,
            ["feed"] = (await visitor.GetAsync($"/feed/request/{request.Slug}")).Html,
            ["list"] = (await visitor.GetAsync("/list")).Html,
        };
        foreach (var (surface, html) in surfaces)
        {
            html.ShouldNotContain(surname, Case.Insensitive, surface);
        }
        for (var attempt = 0; attempt < 60 && !(await visitor.GetAsync("/search?q=preservation")).Html.Contains(request.Slug, StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(250);
        }
        var found = (await visitor.GetAsync("/search?q=preservation")).Html;
        found.ShouldContain(request.Slug);
        found.ShouldNotContain(surname, Case.Insensitive);
        (await visitor.GetAsync($"/search?q={surname}")).Html.ShouldNotContain(request.Slug);

        // Admins see the rules that do it, in the list and the log.
        (await (await SignedInAdminAsync()).GetAsync("/admin/censor-rules")).Html.ShouldContain("The requester&#x27;s real name");
    }
}
