using System.Diagnostics;
using System.Globalization;
using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Foi.Benchmarks;

/// <summary>
/// How soon a delivery status is in the database (and so on the request page) after the MTA writes its log line, with
/// the site's default settings: the follower woken by the file system, its 2 s poll as the fallback. Appends at seeded
/// random intervals, so they do not fall in step with the poll.
/// </summary>
internal static class MailLogFreshnessBenchmark
{
    private const string Domain = "foi.test";

    public static async Task<int> RunAsync(int appends)
    {
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_FOI", IngestBenchmark.RepositoryPath("src", "Foi"));
        var work = Directory.CreateTempSubdirectory("foi-freshness-").FullName;
        var log = Path.Combine(work, "mail.log");
        await File.WriteAllTextAsync(log, $"{Stamp()} mx postfix/master[1]: daemon started -- version 3.7.11\n");
        await using var site = new IngestBenchmark.BenchSite(new Dictionary<string, string?>
        {
            ["Site:DataDirectory"] = work,
            ["Database:Provider"] = "Sqlite",
            ["Jobs:Enabled"] = "true",
            ["Mail:AddressSecret"] = "bench",
            ["Mail:IncomingDomain"] = Domain,
            ["Mail:Logs:Paths:0"] = log,
            ["Mail:PickupDirectory"] = Path.Combine(work, "outbox"),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        var messages = new List<(Guid Id, string MessageId, string Sender)>();
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
            for (var i = 0; i < appends; i++)
            {
                var (messageId, sender) = ($"fresh{i}-{Guid.NewGuid():N}@{Domain}", $"request-{i}-{i:x10}@{Domain}");
                var mime = System.Text.Encoding.ASCII.GetBytes($"Message-ID: <{messageId}>\r\nFrom: {sender}\r\nTo: foi@council.example\r\nSubject: Freedom of Information request\r\n\r\nDear Council,\r\n");
                var mail = OutgoingMail.Queue(Guid.NewGuid(), messageId, sender, ["foi@council.example"], "Freedom of Information request", "request", mime, DateTimeOffset.UtcNow, TimeSpan.Zero);
                db.Add(mail);
                messages.Add((mail.Id, mail.MessageId, mail.EnvelopeFrom));
            }
            await db.SaveChangesAsync();
        }
        // Following from the first line on before the clock starts.
        await UntilAsync(site.Services, db => db.Set<MailLogFile>().AnyAsync(), TimeSpan.FromSeconds(30));

        var random = new Random(16);
        var took = new List<double>();
        foreach (var (id, messageId, sender) in messages)
        {
            await Task.Delay(random.Next(500, 3000));
            var queueId = "F" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
            var watch = Stopwatch.StartNew();
            await File.AppendAllTextAsync(log, $"""
                {Stamp()} mx postfix/cleanup[1]: {queueId}: message-id=<{messageId}>
                {Stamp()} mx postfix/qmgr[2]: {queueId}: from=<{sender}>, size=900, nrcpt=1 (queue active)
                {Stamp()} mx postfix/smtp[3]: {queueId}: to=<foi@council.example>, relay=mx.council.example[192.0.2.9]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 Ok)

                """);
            await UntilAsync(site.Services, db => db.Set<RecipientDelivery>().AnyAsync(d => d.OutgoingMailId == id && d.Status == RecipientStatus.Delivered), TimeSpan.FromSeconds(60));
            took.Add(watch.Elapsed.TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"append {took.Count}: {took[^1]:0.000} s"));
        }
        var sorted = took.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{took.Count} appends: median {median:0.000} s, worst {sorted[^1]:0.000} s, best {sorted[0]:0.000} s"));
        Directory.Delete(work, recursive: true);
        return 0;
    }

    private static string Stamp()
    {
        var now = DateTime.Now;
        return string.Create(CultureInfo.InvariantCulture, $"{now:MMM} {now.Day,2} {now:HH:mm:ss}");
    }

    private static async Task UntilAsync(IServiceProvider services, Func<FoiDbContext, Task<bool>> condition, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await using (var scope = services.CreateAsyncScope())
            {
                if (await condition(scope.ServiceProvider.GetRequiredService<FoiDbContext>()))
                {
                    return;
                }
            }
            if (watch.Elapsed > within)
            {
                throw new TimeoutException($"not within {within.TotalSeconds} s");
            }
            await Task.Delay(10);
        }
    }
}
