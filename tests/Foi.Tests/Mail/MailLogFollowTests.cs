using System.Diagnostics;
using Foi.Common.Data;
using Foi.Modules.Mail.Domain;
using Foi.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Mail;

/// <summary>
/// With default settings the site follows the MTA's log as it grows: a line appended shows on the request page within
/// seconds (asserted with a generous bound; the benchmark measures it), and a rotation while following loses no line.
/// </summary>
internal sealed class MailLogFollowTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private readonly string folder = Directory.CreateTempSubdirectory("foi-follow-").FullName;

    private string Log => Path.Combine(folder, "mail.log");

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Jobs:Enabled"] = "true",
        ["Mail:Logs:Paths:0"] = Path.Combine(folder, "mail.log*"),
    };

    [OneTimeSetUp]
    public void StartTheLog() => File.WriteAllText(Log, "Dec  1 09:00:00 mx postfix/master[1]: daemon started -- version 3.7.11\n");

    [OneTimeTearDown]
    public void RemoveTheLog() => Directory.Delete(folder, recursive: true);

    /// <summary>Now as classic syslog writes it: "Dec  2 10:00:00", the day padded to two places.</summary>
    private static string Now
    {
        get
        {
            var now = DateTime.UtcNow;
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{now:MMM} {now.Day,2} {now:HH:mm:ss}");
        }
    }

    private static string Lines(FiledRequest request, string queueId, string status) => $"""
        {Now} mx postfix/cleanup[1]: {queueId}: message-id=<{request.OutgoingMessageId}>
        {Now} mx postfix/qmgr[2]: {queueId}: from=<{request.Address}>, size=900, nrcpt=1 (queue active)
        {Now} mx postfix/smtp[3]: {queueId}: to=<foi@council.example>, relay=mx.council.example[192.0.2.9]:25, delay=1, delays=0/0/0/1, dsn={(status == "sent" ? "2.0.0" : "4.4.1")}, status={status} ({(status == "sent" ? "250 2.0.0 Ok" : "connect to mx.council.example[192.0.2.9]:25: Connection timed out")})

        """;

    private async Task<TimeSpan> UntilPageSaysAsync(FiledRequest request, string text)
    {
        var watch = Stopwatch.StartNew();
        while (!(await NewVisitor().GetAsync($"/request/{request.Slug}")).Html.Contains(text, StringComparison.Ordinal))
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                var files = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<MailLogFile>().Select(f => f.Path + " " + f.Offset).ToListAsync());
                var leases = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<MailLogLease>().Select(l => l.Holder).ToListAsync());
                Assert.Fail($"the page did not say \"{text}\" within 30 s; files read: {string.Join("; ", files)}; lease: {string.Join("; ", leases)}; on disk: {string.Join("; ", Directory.GetFiles(folder))}");
            }
            await Task.Delay(100);
        }
        return watch.Elapsed;
    }

    [Test]
    public async Task A_line_appended_to_the_log_is_on_the_page_within_seconds()
    {
        var request = await RequestFixtures.FileAsync(Site);

        await File.AppendAllTextAsync(Log, Lines(request, "FOLLOW" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant(), "sent"));

        var took = await UntilPageSaysAsync(request, "Delivered to the authority&#x27;s mail server");
        TestContext.Out.WriteLine($"on the page {took.TotalSeconds:0.0} s after the line was written");
        (await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<MailLogLease>().CountAsync())).ShouldBe(1);
    }

    [Test]
    public async Task A_rotation_while_following_loses_no_line()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var queueId = "ROTATE" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        await File.AppendAllTextAsync(Log, Lines(request, queueId, "deferred"));
        // logrotate: the file is renamed and a new one started; the last lines of the old one and the first of the new
        // one are written around the rename.
        File.Move(Log, Log + ".1");
        await File.AppendAllTextAsync(Log + ".1", $"{Now} mx postfix/qmgr[2]: {queueId}: from=<{request.Address}>, size=900, nrcpt=1 (queue active)\n");
        await File.WriteAllTextAsync(Log, Lines(request, queueId, "sent"));

        await UntilPageSaysAsync(request, "Delivered to the authority&#x27;s mail server");
        var evidence = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<MailLogEvidence>().CountAsync(e => e.OutgoingMailId == request.OutgoingMailId));
        evidence.ShouldBe(7, "every line about the message, from both files, is kept as evidence");
    }
}
