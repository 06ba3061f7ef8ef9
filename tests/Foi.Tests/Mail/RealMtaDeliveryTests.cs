using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Tests.Support;
using Shouldly;

namespace Foi.Tests.Mail;

/// <summary>
/// The whole way out and back: the site hands a request to a real Postfix on loopback (tests/run-all.sh starts an instance of its own),
/// Postfix relays it to a listener here, and the status read from Postfix's own log appears on the request page.
/// </summary>
internal sealed class RealMtaDeliveryTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private static readonly string? MtaLog = Environment.GetEnvironmentVariable("FOI_TEST_MTA_LOG");

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mail:Transport"] = "Smtp",
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = Environment.GetEnvironmentVariable("FOI_TEST_MTA_PORT") ?? "25",
        ["Mail:Smtp:Security"] = "None",
    };

    [Test]
    public async Task A_request_sent_through_postfix_shows_as_delivered_once_the_log_is_read()
    {
        if (string.IsNullOrEmpty(MtaLog))
        {
            Assert.Ignore("No MTA: tests/run-all.sh starts Postfix on loopback when run as root.");
        }
        var port = int.Parse(Environment.GetEnvironmentVariable("FOI_TEST_MTA_SINK_PORT") ?? "2526", System.Globalization.CultureInfo.InvariantCulture);
        await using var authorityServer = new SmtpSink(port);
        var request = await RequestFixtures.FileAsync(Site);

        (await NewVisitor().GetAsync($"/request/{request.Slug}")).Html.ShouldContain("Sent: our mail server accepted it on");

        var deadline = DateTime.UtcNow.AddSeconds(60);
        string page;
        do
        {
            await Task.Delay(1000);
            using var output = new StringWriter();
            using var error = new StringWriter();
            await FoiCommandLine.RunAsync(Site.Services, ["mail-logs", "import", MtaLog!], output, error);
            page = (await NewVisitor().GetAsync($"/request/{request.Slug}")).Html;
        }
        while (!page.Contains("Delivered to the authority", StringComparison.Ordinal) && DateTime.UtcNow < deadline);

        page.ShouldContain("Delivered to the authority&#x27;s mail server on");
        authorityServer.Received.ShouldContain(m => m.Data.Contains(request.OutgoingMessageId, StringComparison.Ordinal));
    }

    [Test]
    public async Task A_message_to_two_addresses_one_refused_shows_each_address_s_own_status()
    {
        if (string.IsNullOrEmpty(MtaLog))
        {
            Assert.Ignore("No MTA: tests/run-all.sh starts Postfix on loopback when run as root.");
        }
        var port = int.Parse(Environment.GetEnvironmentVariable("FOI_TEST_MTA_SINK_PORT") ?? "2526", System.Globalization.CultureInfo.InvariantCulture);
        await using var authorityServer = new SmtpSink(port);
        authorityServer.Refused.Add("officer@council.example");
        var (request, _) = await RequestFixtures.LetterToTwoAddressesAsync(Site, "officer@council.example");
        var requester = NewVisitor();
        await requester.SignInAsync(request.RequesterEmail);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        string page;
        do
        {
            await Task.Delay(1000);
            using var output = new StringWriter();
            using var error = new StringWriter();
            await FoiCommandLine.RunAsync(Site.Services, ["mail-logs", "import", MtaLog!], output, error);
            page = (await requester.GetAsync($"/request/{request.Slug}")).Html;
        }
        while (!page.Contains("Could not be delivered to 1 of its 2 addresses", StringComparison.Ordinal) && DateTime.UtcNow < deadline);

        page.ShouldContain("Could not be delivered to 1 of its 2 addresses; delivered to the other.");
        page.ShouldContain("foi@council.example: delivered to its mail server on");
        page.ShouldContain("officer@council.example: could not be delivered");
        page.ShouldContain("No such user here");
    }
}
