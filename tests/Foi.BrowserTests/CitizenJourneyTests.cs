using System.Text.RegularExpressions;
using Foi.Common.Data;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using Shouldly;

namespace Foi.BrowserTests;

/// <summary>The whole journey of a newcomer, in a real browser: sign up, confirm, choose a demo authority, write, preview, send.</summary>
internal sealed partial class CitizenJourneyTests : BrowserTest
{

    [Test]
    public async Task A_newcomer_signs_up_confirms_and_sends_a_request_to_a_demo_authority()
    {
        var context = await Site.NewContextAsync();
        var page = await context.NewPageAsync();
        var email = $"newcomer-{Guid.NewGuid():N}@people.test";

        // Sign up.
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign up" }).ClickAsync();
        await page.GetByLabel("Your name").FillAsync("Nadia Newcomer");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("a long enough passphrase");
        await page.GetByLabel("Password again").FillAsync("a long enough passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Now check your email" })).ToBeVisibleAsync();

        // Confirm through the link in the mailed message.
        var confirmation = await ConfirmationToAsync(email);
        var link = LinkPattern().Match(confirmation.TextBody!).Value;
        // Site:BaseUrl is not set here: the link leads where the site really listens (a random port).
        link.ShouldStartWith(Site.BaseUrl + "/confirm-email");
        await page.GotoAsync(link);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nadia Newcomer", Exact = true })).ToBeVisibleAsync();

        // Choose a demo authority by searching for it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Make a request" }).ClickAsync();
        await page.GetByLabel("Authority name").FillAsync("silly");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Ministry of Silly Walks" }).ClickAsync();

        // Write: the letter starts as a template addressed to the authority and signed with the user's name.
        var letter = page.GetByLabel("Your request");
        (await letter.InputValueAsync()).ShouldStartWith("Dear Ministry of Silly Walks,");
        (await letter.InputValueAsync()).ShouldEndWith("Nadia Newcomer");
        await page.GetByLabel("Summary").FillAsync("Silly walk grants awarded in 2026");
        await letter.FillAsync("Dear Ministry of Silly Walks,\n\nPlease send me a list of the silly walk grants awarded in 2026, with the amount of each.\n\nYours faithfully,\n\nNadia Newcomer");

        // Preview, then send.
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview your request" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your request before sending it" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("with the amount of each")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();

        // The request page.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Silly walk grants awarded in 2026" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Your request has been sent to Ministry of Silly Walks.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Status: Awaiting response.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("A response is due by")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("our mail server accepted it")).ToBeVisibleAsync();
        page.Url.ShouldEndWith("/request/silly-walk-grants-awarded-in-2026");

        // The .eml in the pickup folder.
        await using var scope = Site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
        var request = await db.Set<InfoRequest>().SingleAsync(r => r.Slug == "silly-walk-grants-awarded-in-2026");
        var recorded = await db.Set<OutgoingMail>().SingleAsync(m => m.Purpose == "request" && m.EnvelopeFrom.StartsWith($"request-{request.Id}-"));
        // The demo data wrote to this ministry too: the newcomer's letter is the one with the recorded Message-ID.
        var sent = Messages().Single(m => m.MessageId == recorded.MessageId);
        sent.To.Mailboxes.Single().Address.ShouldBe("foi@silly-walks.gov.example");
        var from = sent.From.Mailboxes.Single();
        from.Address.ShouldMatch($"^request-{request.Id}-[0-9a-f]{{10}}@foi\\.test$");
        from.Name.ShouldBe("Nadia Newcomer");
        sent.Headers["Return-Path"].ShouldBe($"<{from.Address}>");
        sent.Headers["X-Envelope-To"].ShouldBe("foi@silly-walks.gov.example");
        sent.Subject.ShouldBe("Freedom of Information request - Silly walk grants awarded in 2026");
        sent.MessageId.ShouldBe(recorded.MessageId);
        recorded.EnvelopeFrom.ShouldBe(from.Address);
    }

    /// <summary>Account mails go in the background: wait for it as a person would for a few seconds.</summary>
    private async Task<MimeMessage> ConfirmationToAsync(string email)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (Messages().LastOrDefault(m => m.To.Mailboxes.Any(b => b.Address == email)) is { } mail)
            {
                return mail;
            }
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"No confirmation mail to {email}.");
    }

    // The folder appears with the first mail, which the site writes in the background.
    private List<MimeMessage> Messages() => !Directory.Exists(Site.PickupDirectory) ? [] :
        Directory.GetFiles(Site.PickupDirectory, "*.eml").Order(StringComparer.Ordinal).Select(path => MimeMessage.Load(path)).ToList();

    [GeneratedRegex(@"https?://\S+/confirm-email\S*")]
    private static partial Regex LinkPattern();
}
