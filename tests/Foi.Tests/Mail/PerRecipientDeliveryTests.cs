using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
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
        var request = await RequestFixtures.FileAsync(Site);
        // The letter goes to the authority and to an officer in copy, in one message.
        var copied = await InScopeAsync(async s =>
        {
            var outbox = s.GetRequiredService<IMailOutbox>();
            var queued = outbox.Enqueue(new OutgoingEmail(request.RequesterName, request.Address,
                ["foi@council.example", "officer@council.example"], "Copy of " + request.Title, "The letter, to both.", "request"));
            var db = s.GetRequiredService<FoiDbContext>();
            await db.SaveChangesAsync();
            await outbox.TrySendAsync(queued.Id, CancellationToken.None);
            var letter = await db.Set<RequestMessage>().SingleAsync(m => m.RequestId == request.Id);
            await db.Database.ExecuteSqlAsync($"UPDATE request_messages SET \"OutgoingMailId\" = {queued.Id} WHERE \"Id\" = {letter.Id}");
            return queued;
        });
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
        page.ShouldContain("Could not be delivered to 1 of its 2 addresses; delivered to 1.");
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
}
