using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Mail.ReadMailLogs;
using Foi.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Mail;

/// <summary>
/// Classic syslog lines carry no year and no zone: through the importer, each is read in the mail server's zone
/// (<c>Mail:Logs:TimeZone</c>) with the rules of its own date, in the year that puts it before the file's last write.
/// </summary>
internal sealed class MailLogTimeTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Mail:Logs:TimeZone"] = "Europe/London" };

    private async Task<DateTimeOffset> DeliveredAtAsync(string stamp, DateTime fileLastWrittenUtc)
    {
        var request = await RequestFixtures.FileAsync(Site);
        var queueId = "T" + Guid.NewGuid().ToString("N")[..9].ToUpperInvariant();
        var log = Path.Combine(Site.DataDirectory, $"{queueId}.log");
        await File.WriteAllTextAsync(log, $"""
            {stamp} mx postfix/cleanup[1]: {queueId}: message-id=<{request.OutgoingMessageId}>
            {stamp} mx postfix/qmgr[2]: {queueId}: from=<{request.Address}>, size=900, nrcpt=1 (queue active)
            {stamp} mx postfix/smtp[3]: {queueId}: to=<foi@council.example>, relay=mx.council.example[192.0.2.9]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 Ok)

            """);
        File.SetLastWriteTimeUtc(log, fileLastWrittenUtc);
        using var output = new StringWriter();
        using var error = new StringWriter();
        (await FoiCommandLine.RunAsync(Site.Services, ["mail-logs", "import", log], output, error)).ShouldBe(0, error.ToString());
        return await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<RecipientDelivery>()
            .Where(d => d.OutgoingMailId == request.OutgoingMailId).Select(d => d.Time).SingleAsync());
    }

    [Test]
    public async Task A_new_year_s_eve_line_in_a_file_rotated_on_new_year_s_day_belongs_to_the_old_year()
    {
        var deliveredAt = await DeliveredAtAsync("Dec 31 23:50:00", new DateTime(2027, 1, 1, 0, 10, 0, DateTimeKind.Utc));
        deliveredAt.ShouldBe(new DateTimeOffset(2026, 12, 31, 23, 50, 0, TimeSpan.Zero));
    }

    [Test]
    public async Task A_july_line_read_in_november_is_summer_time()
    {
        var deliveredAt = await DeliveredAtAsync("Jul 15 10:00:00", new DateTime(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc));
        deliveredAt.ShouldBe(new DateTimeOffset(2026, 7, 15, 9, 0, 0, TimeSpan.Zero), "10:00 British Summer Time is 09:00 UTC");
    }
}
