using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Requests.Domain;
using Foi.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Mail;

/// <summary>
/// A message to two addresses, one accepted and one refused by the remote server, as Postfix logs it: the request
/// page says each address's own status, instead of "could not be delivered" for the whole message.
/// </summary>
internal sealed class PerRecipientDeliveryTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    [Test]
    public async Task One_refused_address_of_two_leaves_the_other_delivered_on_the_page()
    {
        var (request, copied) = await RequestFixtures.LetterToTwoAddressesAsync(Site, "officer@council.example");
        var log = Path.Combine(Site.DataDirectory, "two.log");
        await File.WriteAllTextAsync(log, $"""
            Nov 30 10:00:00 mx postfix/cleanup[1]: TWOADDR1: message-id=<{copied.MessageId}>
            Nov 30 10:00:00 mx postfix/qmgr[2]: TWOADDR1: from=<{request.Address}>, size=900, nrcpt=2 (queue active)
            Nov 30 10:00:01 mx postfix/smtp[3]: TWOADDR1: to=<foi@council.example>, relay=mx.council.example[192.0.2.9]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 Ok)
            Nov 30 10:00:01 mx postfix/smtp[3]: TWOADDR1: to=<officer@council.example>, relay=mx.council.example[192.0.2.9]:25, delay=1, delays=0/0/0/1, dsn=5.1.1, status=bounced (host mx.council.example[192.0.2.9] said: 550 5.1.1 No such user (in reply to RCPT TO command))

            """);
        File.SetLastWriteTimeUtc(log, new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc));
        using var output = new StringWriter();
        using var error = new StringWriter();
        (await FoiCommandLine.RunAsync(Site.Services, ["mail-logs", "import", log], output, error)).ShouldBe(0, error.ToString());

        var requester = NewVisitor();
        (await requester.SignInAsync(request.RequesterEmail)).Status.ShouldBe(System.Net.HttpStatusCode.Redirect);
        var page = (await requester.GetAsync($"/request/{request.Slug}")).Html;
        page.ShouldContain("Could not be delivered to 1 of its 2 addresses; delivered to the other.");
        page.ShouldContain("foi@council.example: delivered to its mail server on 30 November 2026 at 10:00.");
        page.ShouldContain("officer@council.example: could not be delivered");
        page.ShouldContain("No such user");
        page.ShouldNotContain("Could not be delivered: the authority&#x27;s mail server refused it");

        // A visitor sees the authority's address and that another one failed, not the officer's address.
        var visitorPage = (await NewVisitor().GetAsync($"/request/{request.Slug}")).Html;
        visitorPage.ShouldContain("foi@council.example: delivered");
        visitorPage.ShouldContain("another address (1): could not be delivered");
        visitorPage.ShouldNotContain("officer@council.example");
    }

    [Test]
    public async Task A_bounce_naming_one_of_two_addresses_marks_that_one_and_tells_the_requester_which()
    {
        var (request, copied) = await RequestFixtures.LetterToTwoAddressesAsync(Site, "foi@refusing.example");
        var bounce = TestMessages.FromFile("postfix-dsn.eml", new Dictionary<string, string>
        {
            ["address"] = request.Address,
            ["outgoingmessageid"] = copied.MessageId,
            ["messageid"] = $"{Guid.NewGuid():N}@foi-mta.test",
        });

        (await RequestFixtures.ReceiveAsync(Site, bounce, request.Address)).ExitCode.ShouldBe(0);

        var outgoing = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<OutgoingMail>().SingleAsync(m => m.Id == copied.Id));
        outgoing.State.ShouldBe(DeliveryState.Sent, "the authority's address was not refused");
        var requester = NewVisitor();
        (await requester.SignInAsync(request.RequesterEmail)).Status.ShouldBe(System.Net.HttpStatusCode.Redirect);
        var page = (await requester.GetAsync($"/request/{request.Slug}")).Html;
        page.ShouldContain("Could not be delivered to 1 of its 2 addresses; the other is not affected");
        page.ShouldContain("foi@refusing.example: could not be delivered");
        page.ShouldContain("foi@council.example: sent");

        var notice = Mailbox.LatestTo(Site.PickupDirectory, request.RequesterEmail);
        notice.Subject.ShouldBe($"Your request \"{request.Title}\" could not be delivered to foi@refusing.example");
        notice.TextBody!.ShouldContain("The other addresses are not affected: foi@council.example (sent).");
    }
}
