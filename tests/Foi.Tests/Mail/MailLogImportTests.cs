using System.IO.Compression;
using System.Net;
using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Mail.ReadMailLogs;
using Foi.Tests.Support;
using Foi.Tests.Unit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Mail;

/// <summary>`foi mail-logs import` over the real Postfix fixture, rewritten to name requests made here.</summary>
internal sealed class MailLogImportTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private sealed record Scenario(string Directory, FiledRequest Delivered, FiledRequest Refused, FiledRequest GaveUp);

    private async Task<Scenario> ScenarioAsync()
    {
        var delivered = await RequestFixtures.FileAsync(Site, authoritySlug: await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Accepting Council"), "foi@accept.example"));
        var refused = await RequestFixtures.FileAsync(Site, authoritySlug: await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Refusing Council"), "foi@refuse.example"));
        var gaveUp = await RequestFixtures.FileAsync(Site, authoritySlug: await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Deferring Council"), "foi@defer.example"));
        var directory = System.IO.Directory.CreateTempSubdirectory("foi-maillogs-").FullName;
        string Rewrite(string text) => text
            .Replace("foi-fixture-delivered@foi.test", delivered.OutgoingMessageId, StringComparison.Ordinal)
            .Replace("request-101-aaaaaaaaaa@foi.test", delivered.Address, StringComparison.Ordinal)
            .Replace("foi-fixture-refused@foi.test", refused.OutgoingMessageId, StringComparison.Ordinal)
            .Replace("request-102-bbbbbbbbbb@foi.test", refused.Address, StringComparison.Ordinal)
            .Replace("foi-fixture-deferred@foi.test", gaveUp.OutgoingMessageId, StringComparison.Ordinal)
            .Replace("request-103-cccccccccc@foi.test", gaveUp.Address, StringComparison.Ordinal);
        foreach (var file in MailLogParserTests.LogFiles("postfix"))
        {
            await using var input = Foi.Modules.Mail.ReadMailLogs.LogFileReader.Open(file);
            using var reader = new StreamReader(input);
            // Files are known by their first line; real ones begin with a time and a process id, so give each copy its own.
            var text = $"Nov 25 01:38:40 mx postfix/postfix-script[{Random.Shared.Next(1, 1_000_000)}]: starting the Postfix mail system\n" + Rewrite(await reader.ReadToEndAsync());
            var target = Path.Combine(directory, Path.GetFileName(file));
            if (file.EndsWith(".gz", StringComparison.Ordinal))
            {
                await using var output = new GZipStream(File.Create(target), CompressionLevel.Optimal);
                await output.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text));
            }
            else
            {
                await File.WriteAllTextAsync(target, text);
            }
            File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(file));
        }
        return new Scenario(directory, delivered, refused, gaveUp);
    }

    private async Task<(int Code, string Output, string Error)> ImportAsync(params string[] paths)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await FoiCommandLine.RunAsync(Site.Services, ["mail-logs", "import", .. paths], output, error);
        if (code is not (0 or 74))
        {
            TestContext.Out.WriteLine(error.ToString());
        }
        return (code, output.ToString(), error.ToString());
    }

    private async Task<int> EvidenceCountAsync(Guid outgoingId) =>
        await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<MailLogEvidence>().CountAsync(e => e.OutgoingMailId == outgoingId));

    private async Task<SiteClient> AsRequesterAsync(FiledRequest request)
    {
        var visitor = NewVisitor();
        await visitor.SignInAsync(request.RequesterEmail, RequestFixtures.Password);
        return visitor;
    }

    [Test]
    public async Task Statuses_from_a_real_postfix_log_reach_the_request_pages_with_redacted_evidence()
    {
        var scenario = await ScenarioAsync();
        var (code, output, _) = await ImportAsync(Path.Combine(scenario.Directory, "mail.log*"));
        code.ShouldBe(0);
        output.ShouldContain("from 2 file(s)");

        var (_, delivered, _) = await NewVisitor().GetAsync($"/request/{scenario.Delivered.Slug}");
        delivered.ShouldContain("Delivered to the authority&#x27;s mail server on 25 November 2026 at 01:38.");
        var requesterView = (await (await AsRequesterAsync(scenario.Delivered)).GetAsync($"/request/{scenario.Delivered.Slug}")).Html;
        requesterView.ShouldContain("Our mail server's log (4 lines)");
        requesterView.ShouldContain("relay=[remote server]");
        requesterView.ShouldNotContain("127.0.0.1");
        requesterView.ShouldContain($"[FOI #{scenario.Delivered.Id} email]");
        var admin = await SignedInAdminAsync();
        var adminView = (await admin.GetAsync($"/request/{scenario.Delivered.Slug}")).Html;
        adminView.ShouldContain("relay=127.0.0.1[127.0.0.1]:2601");
        adminView.ShouldContain("mail.log-20261125-013905.gz:14:");

        var refusedPage = (await (await AsRequesterAsync(scenario.Refused)).GetAsync($"/request/{scenario.Refused.Slug}")).Html;
        refusedPage.ShouldContain("Could not be delivered");
        refusedPage.ShouldContain("550 5.1.1");
        var outgoing = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<OutgoingMail>().SingleAsync(m => m.Id == scenario.Refused.OutgoingMailId));
        outgoing.State.ShouldBe(DeliveryState.Bounced); // the log and a DSN agree
        Mailbox.LatestTo(Site.PickupDirectory, scenario.Refused.RequesterEmail).Subject.ShouldBe($"Your request \"{scenario.Refused.Title}\" could not be delivered");

        (await NewVisitor().GetAsync($"/request/{scenario.GaveUp.Slug}")).Html.ShouldContain("Could not be delivered");
        (await admin.GetAsync("/help/delivery")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Test]
    public async Task Importing_again_reads_nothing_new_and_tells_nobody_twice()
    {
        var scenario = await ScenarioAsync();
        await ImportAsync(Path.Combine(scenario.Directory, "mail.log*"));
        var evidence = await EvidenceCountAsync(scenario.Refused.OutgoingMailId);
        var mails = Mailbox.All(Site.PickupDirectory).Count;

        var (code, output, _) = await ImportAsync(Path.Combine(scenario.Directory, "mail.log*"));
        code.ShouldBe(0);
        output.ShouldStartWith("Read 0 new line(s)");
        (await EvidenceCountAsync(scenario.Refused.OutgoingMailId)).ShouldBe(evidence);
        Mailbox.All(Site.PickupDirectory).Count.ShouldBe(mails);
    }

    [Test]
    public async Task Each_import_counts_only_its_own_lines_when_one_importer_runs_twice()
    {
        var scenario = await ScenarioAsync();
        var files = MailLogImporter.Expand([Path.Combine(scenario.Directory, "mail.log*")]);
        await using var scope = Site.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<MailLogImporter>();

        var first = await importer.ImportAsync(files, null, CancellationToken.None);
        var second = await importer.ImportAsync(files, null, CancellationToken.None);

        first.StatusChanges.ShouldBeGreaterThan(0);
        second.Lines.ShouldBe(0);
        second.StatusChanges.ShouldBe(0, "a second run in the same scope must not report the first run's changes");
    }

    [Test]
    public async Task A_growing_file_is_read_from_where_the_last_run_stopped_and_a_partial_line_waits()
    {
        var scenario = await ScenarioAsync();
        var source = Path.Combine(scenario.Directory, "mail.log-20261125-013905.gz");
        string all;
        await using (var input = Foi.Modules.Mail.ReadMailLogs.LogFileReader.Open(source))
        using (var reader = new StreamReader(input))
        {
            all = await reader.ReadToEndAsync();
        }
        var live = Path.Combine(scenario.Directory, "live", "mail.log");
        Directory.CreateDirectory(Path.GetDirectoryName(live)!);
        var cut = all.IndexOf("status=sent", StringComparison.Ordinal) + 5; // in the middle of the delivery line
        await File.WriteAllTextAsync(live, all[..cut]);

        await ImportAsync(live);
        (await EvidenceCountAsync(scenario.Delivered.OutgoingMailId)).ShouldBe(3); // pickup, cleanup, qmgr: the half line waits
        (await NewVisitor().GetAsync($"/request/{scenario.Delivered.Slug}")).Html.ShouldContain("We have not yet seen the authority&#x27;s server take it.");

        await File.AppendAllTextAsync(live, all[cut..]);
        await ImportAsync(live);
        (await EvidenceCountAsync(scenario.Delivered.OutgoingMailId)).ShouldBe(4);
        (await NewVisitor().GetAsync($"/request/{scenario.Delivered.Slug}")).Html.ShouldContain("Delivered to the authority");

        // logrotate: renamed, then compressed, while a new file starts. Nothing is read twice.
        var rotated = live + ".1";
        File.Move(live, rotated);
        await using (var gz = new GZipStream(File.Create(rotated + ".gz"), CompressionLevel.Optimal))
        {
            await gz.WriteAsync(await File.ReadAllBytesAsync(rotated));
        }
        File.Delete(rotated);
        await File.WriteAllTextAsync(live, "Nov 25 03:00:00 mx postfix/master[1]: daemon started -- version 3.7.11\n");
        var (code, output, _) = await ImportAsync(live + "*");
        code.ShouldBe(0);
        output.ShouldStartWith("Read 1 new line(s)");
        (await EvidenceCountAsync(scenario.Delivered.OutgoingMailId)).ShouldBe(4);

        // The current file replaced by one with other content: read from its start.
        await File.WriteAllTextAsync(live, "Nov 25 04:00:00 mx postfix/master[2]: daemon started -- version 3.7.11\nNov 25 04:00:01 mx postfix/qmgr[3]: ZZZ: removed\n");
        (await ImportAsync(live)).Output.ShouldStartWith("Read 2 new line(s)");
    }

    [Test]
    public async Task A_corrupt_gzip_is_reported_and_the_other_files_are_still_read()
    {
        var scenario = await ScenarioAsync();
        var corrupt = Path.Combine(scenario.Directory, "mail.log-20260101.gz");
        await File.WriteAllBytesAsync(corrupt, [0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        var (code, output, error) = await ImportAsync(Path.Combine(scenario.Directory, "mail.log*"));
        code.ShouldBe(74);
        error.ShouldContain("mail.log-20260101.gz");
        output.ShouldContain("from 2 file(s)");
        (await NewVisitor().GetAsync($"/request/{scenario.Delivered.Slug}")).Html.ShouldContain("Delivered to the authority");
    }

    [Test]
    public async Task A_message_deferred_for_over_a_day_is_told_to_the_requester_once()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var log = Path.Combine(Site.DataDirectory, "slow.log");
        var lines = $"""
            Nov 20 09:00:00 mx postfix/cleanup[1]: SLOW1: message-id=<{request.OutgoingMessageId}>
            Nov 20 09:00:00 mx postfix/qmgr[2]: SLOW1: from=<{request.Address}>, size=900, nrcpt=1 (queue active)
            Nov 20 09:00:01 mx postfix/smtp[3]: SLOW1: to=<foi@council.example>, relay=none, delay=1, delays=1/0/0/0, dsn=4.4.1, status=deferred (connect to mx.council.example[192.0.2.9]:25: Connection timed out)
            Nov 21 09:00:01 mx postfix/smtp[3]: SLOW1: to=<foi@council.example>, relay=none, delay=86400, delays=86400/0/0/0, dsn=4.4.1, status=deferred (connect to mx.council.example[192.0.2.9]:25: Connection timed out)

            """;
        await File.WriteAllTextAsync(log, lines);
        File.SetLastWriteTime(log, new DateTime(2026, 11, 21, 9, 0, 1));
        await ImportAsync(log);
        await ImportAsync(log);
        Mailbox.All(Site.PickupDirectory).Count(m => (m.Message.Subject ?? "").Contains("has not been delivered yet", StringComparison.Ordinal)
            && m.Message.To.ToString().Contains(request.RequesterEmail, StringComparison.Ordinal)).ShouldBe(1);
        (await NewVisitor().GetAsync($"/request/{request.Slug}")).Html.ShouldContain("Not delivered yet");

        var admin = await SignedInAdminAsync();
        await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<FoiDbContext>();
            await db.Database.ExecuteSqlRawAsync(Provider == DatabaseProvider.Postgres
                ? "UPDATE request_messages SET \"CreatedAt\" = now() - interval '3 days' WHERE \"RequestId\" = {0}"
                : "UPDATE request_messages SET CreatedAt = CreatedAt - 2592000000000 WHERE RequestId = {0}", request.Id);
            return 0;
        });
        (await admin.GetAsync("/admin/undelivered")).Html.ShouldContain(request.Title);
    }

    [Test]
    public async Task A_refusal_of_the_sites_own_mail_in_the_log_marks_the_address_as_a_dsn_would()
    {
        var account = await RequestFixtures.AccountAsync(Site, "Lou Logbounce");
        // Any mail the site sends from its own address: here a password-reset link.
        await NewVisitor().PostFormAsync("/forgot-password", new Dictionary<string, string> { ["Email"] = account.Email });
        var sent = Mailbox.LatestTo(Site.PickupDirectory, account.Email);
        var log = Path.Combine(Site.DataDirectory, "site-mail.log");
        await File.WriteAllTextAsync(log, $"""
            Nov 20 09:00:00 mx postfix/cleanup[1]: SITE1: message-id=<{sent.MessageId}>
            Nov 20 09:00:00 mx postfix/qmgr[2]: SITE1: from=<do-not-reply@foi.test>, size=900, nrcpt=1 (queue active)
            Nov 20 09:00:01 mx postfix/smtp[3]: SITE1: to=<{account.Email}>, relay=mx.people.test[192.0.2.7]:25, delay=1, delays=1/0/0/0, dsn=5.1.1, status=bounced (host mx.people.test[192.0.2.7] said: 550 5.1.1 <{account.Email}>: Recipient address rejected: User unknown)

            """);
        File.SetLastWriteTime(log, new DateTime(2026, 11, 20, 9, 0, 1));
        (await ImportAsync(log)).Code.ShouldBe(0);

        var reason = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Users.Where(u => u.Id == account.Id).Select(u => u.EmailBounceReason).SingleAsync());
        reason.ShouldNotBeNull().ShouldContain("User unknown");
        var visitor = NewVisitor();
        var (_, _, location) = await visitor.SignInAsync(account.Email, RequestFixtures.Password);
        (await visitor.GetAsync(location!)).Html.ShouldContain($"Our email to {account.Email} could not be delivered");
    }

    [Test]
    public async Task A_line_with_a_nul_and_broken_utf8_is_kept_as_evidence_and_its_status_read()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var log = Path.Combine(Site.DataDirectory, "garbled.log");
        var text = System.Text.Encoding.UTF8.GetBytes($"""
            Nov 20 09:00:00 mx postfix/cleanup[1]: GARBLED1: message-id=<{request.OutgoingMessageId}>
            Nov 20 09:00:00 mx postfix/qmgr[2]: GARBLED1: from=<{request.Address}>, size=900, nrcpt=1 (queue active)

            """);
        // A remote server's answer with a NUL and a byte that is not UTF-8: PostgreSQL refuses a NUL in text.
        byte[] delivery = [.. "Nov 20 09:00:01 mx postfix/smtp[3]: GARBLED1: to=<foi@council.example>, relay=mx.council.example[192.0.2.9]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 Ok "u8, 0, .. " queued "u8, 0xFF, .. ")\n"u8];
        await File.WriteAllBytesAsync(log, [.. text, .. delivery]);
        File.SetLastWriteTime(log, new DateTime(2026, 11, 21, 9, 0, 1));

        (await ImportAsync(log)).Code.ShouldBe(0);

        (await EvidenceCountAsync(request.OutgoingMailId)).ShouldBe(3);
        (await NewVisitor().GetAsync($"/request/{request.Slug}")).Html.ShouldContain("Delivered to the authority");
    }
}
