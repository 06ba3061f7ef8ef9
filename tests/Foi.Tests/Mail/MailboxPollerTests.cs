using System.Globalization;
using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Foi.Tests.Support;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Shouldly;

namespace Foi.Tests.Mail;

/// <summary>The mailbox poller against a real Dovecot on loopback (started by tests/run-all.sh), by IMAP and by POP3.</summary>
[TestFixture(DatabaseProvider.Sqlite, "Imap")]
[TestFixture(DatabaseProvider.Postgres, "Imap")]
[TestFixture(DatabaseProvider.Sqlite, "Pop3")]
internal sealed class MailboxPollerTests(DatabaseProvider provider, string protocol) : IntegrationTest(provider)
{
    private static readonly string? Mailbox = Environment.GetEnvironmentVariable("FOI_TEST_MAILBOX");
    private static string ImapPort => Environment.GetEnvironmentVariable("FOI_TEST_IMAP_PORT") ?? "11143";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mail:Mailbox:Protocol"] = protocol,
        ["Mail:Mailbox:Host"] = "127.0.0.1",
        ["Mail:Mailbox:Port"] = protocol == "Imap" ? ImapPort : Environment.GetEnvironmentVariable("FOI_TEST_POP3_PORT") ?? "11110",
        ["Mail:Mailbox:Security"] = "None",
        ["Mail:Mailbox:UserName"] = Mailbox?.Split(':')[0] ?? "no-mailbox-in-this-run",
        ["Mail:Mailbox:Password"] = Mailbox?.Split(':')[1] ?? "",
    };

    [SetUp]
    public void RequireMailbox()
    {
        if (string.IsNullOrEmpty(Mailbox))
        {
            const string Why = "No test mailbox: tests/run-all.sh starts Dovecot when run as root.";
            if (Environment.GetEnvironmentVariable("FOI_REQUIRE_MAILBOX") == "1")
            {
                Assert.Fail(Why);
            }
            Assert.Ignore(Why);
        }
    }

    [Test]
    public async Task Replies_in_the_mailbox_are_stored_published_and_then_removed_from_the_server()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var subjects = new[] { $"First reply {Guid.NewGuid():N}", $"Second reply {Guid.NewGuid():N}" };
        using (var imap = await ConnectAsync())
        {
            foreach (var subject in subjects)
            {
                var reply = TestMessages.Reply(request.Address, subject);
                reply.Body = new TextPart("plain") { Text = $"Body of {subject}" };
                await imap.Inbox.AppendAsync(reply);
            }
            await imap.DisconnectAsync(true);
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        (await FoiCommandLine.RunAsync(Site.Services, ["mail", "poll"], output, error)).ShouldBe(0, error.ToString());
        output.ToString().ShouldStartWith("Fetched ");

        // The poll routes what it fetched; a running site's pickup may have claimed some of it and finish it a moment later.
        List<string> published = [];
        for (var attempt = 0; attempt < 100 && published.Count < subjects.Length; attempt++)
        {
            published = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<RequestMessage>()
                .Where(m => m.RequestId == request.Id && m.Direction == MessageDirection.Incoming).Select(m => m.Subject).ToListAsync());
            await Task.Delay(published.Count < subjects.Length ? 100 : 0);
        }
        published.ShouldBe(subjects, ignoreOrder: true);

        using var after = await ConnectAsync();
        await after.Inbox.OpenAsync(FolderAccess.ReadOnly);
        foreach (var subject in subjects)
        {
            (await after.Inbox.SearchAsync(SearchQuery.SubjectContains(subject))).ShouldBeEmpty();
        }
    }

    private static async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", int.Parse(ImapPort, CultureInfo.InvariantCulture), SecureSocketOptions.None);
        await client.AuthenticateAsync(Mailbox!.Split(':')[0], Mailbox.Split(':')[1]);
        return client;
    }
}
