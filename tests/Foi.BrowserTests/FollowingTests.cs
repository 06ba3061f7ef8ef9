using System.Text.RegularExpressions;
using Foi.Common.Data;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.ReceiveMail;
using Foi.Modules.Requests.FileRequest;
using Foi.Modules.Requests.FollowThings;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using Shouldly;

namespace Foi.BrowserTests;

/// <summary>A journalist follows a request, gets the reply in the next digest, and stops the alerts from the email.</summary>
internal sealed partial class FollowingTests : BrowserTest
{
    // Digests go out after midnight, so whenever the test runs the day's digest is due.
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Requests:DigestHour"] = "0" };

    [Test]
    public async Task A_reader_follows_a_request_receives_the_digest_and_unsubscribes_from_its_link()
    {
        int requestId;
        string slug;
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var users = services.GetRequiredService<UserManager<User>>();
            foreach (var (name, email) in new[] { ("Rhys Requester", "rhys@people.test"), ("Jo Journalist", "jo@people.test") })
            {
                var user = new User { UserName = email, Email = email, EmailConfirmed = true, Name = name, Slug = Foi.Common.Site.Slug.From(name) };
                (await users.CreateAsync(user, "a long enough passphrase")).Succeeded.ShouldBeTrue();
            }
            var requester = (await users.FindByEmailAsync("rhys@people.test"))!;
            var authority = (await services.GetRequiredService<IAuthorityDirectory>().FindBySlugAsync("borsetshire-county-council", CancellationToken.None))!;
            var request = await services.GetRequiredService<FileRequestHandler>().FileAsync(requester.Id, requester.Name, authority, "School meal suppliers in 2026",
                "Dear Council,\n\nPlease send me the list of school meal suppliers.\n\nYours faithfully,\n\nRhys Requester", CancellationToken.None);
            (requestId, slug) = (request.Id, request.Slug);
        }

        var page = await NewPageAsync();
        await SignInAsync(page, "jo@people.test");
        await page.GotoAsync($"/request/{slug}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Follow this request" }).ClickAsync();
        await Assertions.Expect(page.GetByText("You are following the request \"School meal suppliers in 2026\"")).ToBeVisibleAsync();
        await page.GotoAsync("/account/following");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "the request \"School meal suppliers in 2026\"" })).ToBeVisibleAsync();

        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var reply = new MimeMessage { Subject = "RE: School meal suppliers in 2026", MessageId = $"meals-{Guid.NewGuid():N}@borsetshire.example" };
            reply.From.Add(new MailboxAddress("Catering", "catering@borsetshire.example"));
            reply.To.Add(MailboxAddress.Parse(services.GetRequiredService<IRequestAddresses>().AddressFor(requestId)));
            reply.Body = new TextPart("plain") { Text = "Our suppliers are listed below." };
            using var raw = new MemoryStream();
            await reply.WriteToAsync(raw);
            await RoutedAsync((await services.GetRequiredService<MailReceiver>().ReceiveAsync(raw.ToArray(), null, "pipe", CancellationToken.None)).Id);
            // The digest reads events once they are two minutes old (settled), as it would the next morning.
            var db = services.GetRequiredService<FoiDbContext>();
            await db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql()
                ? "UPDATE request_events SET \"CreatedAt\" = \"CreatedAt\" - interval '1 hour'"
                : "UPDATE request_events SET CreatedAt = CreatedAt - 36000000000");
            (await services.GetRequiredService<AlertDigests>().SendDueAsync(CancellationToken.None)).ShouldBe(1);
        }

        var digest = Directory.GetFiles(Site.PickupDirectory, "*.eml").Select(f => MimeMessage.Load(f))
            .Single(m => m.To.ToString().Contains("jo@people.test", StringComparison.Ordinal) && (m.Subject ?? "").Contains("alerts", StringComparison.Ordinal));
        var text = digest.TextBody ?? "";
        text.ShouldContain("replied to \"School meal suppliers in 2026\"");
        var stop = StopLink().Match(text);
        stop.Success.ShouldBeTrue(text);

        // The link from the email, opened in a browser that is not signed in.
        var stranger = await NewPageAsync();
        await stranger.GotoAsync(new Uri(stop.Groups[1].Value).PathAndQuery);
        await stranger.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Stop alerts about") }).ClickAsync();
        await Assertions.Expect(stranger.GetByText("Done: you will get no more of alerts about the request \"School meal suppliers in 2026\".")).ToBeVisibleAsync();

        await page.GotoAsync("/account/following");
        await Assertions.Expect(page.GetByText("You follow nothing yet.")).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"Stop following the request[^\n]*:\n(\S+)")]
    private static partial Regex StopLink();
}
