using System.Diagnostics;
using System.Globalization;
using System.Text;
using Foi.Common.Data;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Mail.ReadMailLogs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Foi.Modules.Mail;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Foi.Benchmarks;

/// <summary>
/// Import throughput over a large realistic Postfix log (the real fixture's transactions repeated and varied, 1% of the
/// messages ours), beside `grep -c -F` for our mail domain over the same file as the floor; on SQLite, or on PostgreSQL
/// given a connection string (a throwaway database is created and dropped).
/// </summary>
internal static class MailLogBenchmark
{
    private const string Domain = "foi.test";

    public static async Task<int> RunAsync(long megabytes, int runs, string? postgres)
    {
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_FOI", IngestBenchmark.RepositoryPath("src", "Foi"));
        var work = Directory.CreateTempSubdirectory("foi-logbench-").FullName;
        var log = Path.Combine(work, "mail.log");
        await using var site = new IngestBenchmark.BenchSite(new Dictionary<string, string?>
        {
            ["Site:DataDirectory"] = work,
            ["Database:Provider"] = postgres is null ? "Sqlite" : "Postgres",
            ["Database:ConnectionString"] = postgres is null ? "" : $"{postgres};Database=foi_logbench_{Guid.NewGuid():N}",
            ["Jobs:Enabled"] = "false",
            ["Mail:AddressSecret"] = "bench",
            ["Mail:IncomingDomain"] = Domain,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        var ours = await SeedOutgoingAsync(site.Services, 20_000);
        var (bytes, lines, ourLines) = Generate(log, megabytes * 1024 * 1024, ours);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"log: {bytes / 1048576.0:0} MB, {lines:N0} lines, {ourLines:N0} about our mail ({100.0 * ourLines / lines:0.0}%)"));

        var grep = new List<double>();
        var import = new List<double>();
        var tell = new List<double>();
        long peak = 0;
        for (var run = 0; run < runs; run++)
        {
            var watch = Stopwatch.StartNew();
            using (var process = Process.Start(new ProcessStartInfo("grep", ["-c", "-F", "@" + Domain, log]) { RedirectStandardOutput = true })!)
            {
                await process.StandardOutput.ReadToEndAsync();
                await process.WaitForExitAsync();
            }
            grep.Add(watch.Elapsed.TotalSeconds);

            watch.Restart();
            long wanted = 0;
            var filter = new OurMailFilter(Domain);
            await using (var stream = LogFileReader.Open(log))
            {
                foreach (var _ in LogFileReader.ReadLines(stream, 0, 0, false, filter.Wants))
                {
                    wanted++;
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"filter only: {watch.Elapsed.TotalSeconds:0.00} s, {wanted:N0} lines kept"));

            await ResetAsync(site.Services);
            GC.Collect();
            watch.Restart();
            await using (var scope = site.Services.CreateAsyncScope())
            {
                // Reading and saving every status, then (as `mail-logs import` does next) telling the requesters of
                // failed and long-deferred messages, timed apart: the second grows with the problems, not the log.
                var services = scope.ServiceProvider;
                var read = await new MailLogImportRun(services.GetRequiredService<FoiDbContext>(), services.GetRequiredService<IOptions<MailOptions>>().Value,
                    TimeProvider.System, services.GetRequiredService<ILogger<MailLogImporter>>()).ReadAsync([log], null, CancellationToken.None);
                import.Add(watch.Elapsed.TotalSeconds);
                watch.Restart();
                await services.GetRequiredService<MailLogImporter>().ImportAsync([], null, CancellationToken.None);
                tell.Add(watch.Elapsed.TotalSeconds);
                if (run == 0)
                {
                    var told = await services.GetRequiredService<FoiDbContext>().Set<RecipientDelivery>().CountAsync(d => d.ProblemNotifiedAt != null);
                    Console.WriteLine($"import: {read.Lines:N0} lines, {read.LinesAboutOurMail:N0} about our mail, {read.StatusChanges:N0} status changes, {told:N0} problems told");
                }
            }
            peak = Math.Max(peak, Process.GetCurrentProcess().PeakWorkingSet64);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run + 1}: grep {grep[^1]:0.00} s, import {import[^1]:0.00} s, then telling {tell[^1]:0.00} s"));
        }
        var g = Median(grep);
        var i = Median(import);
        var mb = bytes / 1048576.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median: grep -c -F {g:0.00} s ({mb / g:0} MB/s); import {i:0.00} s ({mb / i:0} MB/s, {lines / i:N0} lines/s) = {i / g:0.0}x grep; telling {Median(tell):0.00} s; whole {i + Median(tell):0.00} s = {(i + Median(tell)) / g:0.0}x grep; peak working set {peak / 1048576.0:0} MB"));
        if (postgres is not null)
        {
            await using var scope = site.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<FoiDbContext>().Database.EnsureDeletedAsync();
        }
        Directory.Delete(work, recursive: true);
        return 0;
    }

    private static async Task<List<(string MessageId, string Sender, string Recipient)>> SeedOutgoingAsync(IServiceProvider services, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
        var list = new List<(string, string, string)>();
        var now = DateTimeOffset.UtcNow.AddDays(-1);
        for (var i = 0; i < count; i++)
        {
            var messageId = $"foi-bench{i:D6}@{Domain}";
            var sender = $"request-{i}-{i:x10}@{Domain}";
            db.Add(OutgoingMail.Queue(Guid.NewGuid(), messageId, sender, [$"foi@council{i % 400}.example"], "x", "request", [], now, TimeSpan.Zero));
            list.Add((messageId, sender, $"foi@council{i % 400}.example"));
        }
        await db.SaveChangesAsync();
        return list;
    }

    private static async Task ResetAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
        await db.Set<MailLogEvidence>().ExecuteDeleteAsync();
        await db.Set<RecipientDelivery>().ExecuteDeleteAsync();
        await db.Set<MailLogQueueId>().ExecuteDeleteAsync();
        await db.Set<MailLogFile>().ExecuteDeleteAsync();
    }

    /// <summary>Transactions shaped like the real Postfix fixture's, with fresh queue ids, times and addresses.</summary>
    private static (long Bytes, long Lines, long OurLines) Generate(string path, long targetBytes, List<(string MessageId, string Sender, string Recipient)> ours)
    {
        var random = new Random(42);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        long bytes = 0, lines = 0, ourLines = 0;
        var time = new DateTime(2026, 11, 1, 0, 0, 0);
        var n = 0;
        var outcomes = new[] { "status=sent (250 2.0.0 Ok: queued as 4XyZ)", "status=deferred (host mx.example.net[198.51.100.7] said: 451 4.7.1 Greylisted, try again later (in reply to RCPT TO command))", "status=bounced (host mx.example.net[198.51.100.7] said: 550 5.1.1 User unknown (in reply to RCPT TO command))" };
        while (bytes < targetBytes || lines < 10_000_000)
        {
            n++;
            time = time.AddMilliseconds(random.Next(5, 200));
            var stamp = string.Create(CultureInfo.InvariantCulture, $"{time:MMM} {time.Day,2} {time:HH:mm:ss}"); // syslog pads the day with a space
            var queue = n.ToString("X10", CultureInfo.InvariantCulture);
            var isOurs = n % 100 == 0 && n / 100 < ours.Count;
            var (messageId, sender, recipient) = isOurs ? ours[n / 100] : ($"{n}.{random.Next()}@mail{n % 97}.example.org", $"user{n % 5000}@example.org", $"someone{n % 7000}@example.com");
            var outcome = outcomes[random.Next(100) switch { < 90 => 0, < 97 => 1, _ => 2 }];
            string[] transaction =
            [
                $"{stamp} mx postfix/smtpd[{1000 + n % 50}]: {queue}: client=relay{n % 31}.example.org[203.0.113.{n % 250}]",
                $"{stamp} mx postfix/cleanup[{2000 + n % 20}]: {queue}: message-id=<{messageId}>",
                $"{stamp} mx postfix/qmgr[3000]: {queue}: from=<{sender}>, size={1000 + n % 90000}, nrcpt=1 (queue active)",
                $"{stamp} mx postfix/smtp[{4000 + n % 60}]: {queue}: to=<{recipient}>, relay=mx{n % 13}.example.net[198.51.100.{n % 250}]:25, delay=0.{n % 9}, delays=0.01/0/0.1/0.2, dsn=2.0.0, {outcome}",
                $"{stamp} mx postfix/qmgr[3000]: {queue}: removed",
                $"{stamp} mx dovecot: imap(user{n % 300}): Logged out in={n % 900} out={n % 9000}",
            ];
            foreach (var line in transaction)
            {
                writer.Write(line);
                writer.Write('\n');
                bytes += line.Length + 1;
                lines++;
                if (isOurs && !line.Contains("dovecot", StringComparison.Ordinal) && !line.Contains("smtpd", StringComparison.Ordinal))
                {
                    ourLines++;
                }
            }
        }
        return (bytes, lines, ourLines);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
