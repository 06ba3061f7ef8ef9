using System.Diagnostics;
using System.Globalization;
using System.Text;
using Foi.Common.Data;
using Foi.Tests.Support;
using Microsoft.Data.Sqlite;
using Shouldly;

namespace Foi.Tests.Mail;

/// <summary>
/// `foi mail-logs import` killed with SIGKILL in the middle of a long log, then run again: the same rows and statuses as
/// a run that was never interrupted (before, every later run failed on a unique constraint and statuses stopped).
/// SQLite, in a process of its own beside the site; PostgreSQL takes the same path (one transaction per save).
/// </summary>
internal sealed class MailLogCrashTests
{
    private const int DeferralsPerMessage = 30_000;

    [Test]
    public async Task An_import_killed_midway_and_run_again_reads_every_line_once()
    {
        await using var site = new FoiFactory(DatabaseProvider.Sqlite);
        _ = site.Services;
        var requests = new List<FiledRequest>();
        for (var i = 0; i < 3; i++)
        {
            requests.Add(await RequestFixtures.FileAsync(site, authoritySlug: await TestAuthorities.AddAsync(site, TestAuthorities.UniqueName("Slow Council"), $"foi@slow{i}.example")));
        }
        var log = Path.Combine(Directory.CreateTempSubdirectory("foi-maillog-crash-").FullName, "mail.log");
        var ourLines = await WriteLogAsync(log, requests);
        var database = Path.Combine(site.DataDirectory, "foi.db");

        using (var first = StartImport(site, log))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && EvidenceCount(database) == 0 && !first.HasExited)
            {
                await Task.Delay(5);
            }
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
        var afterKill = EvidenceCount(database);
        afterKill.ShouldBeInRange(1, ourLines - 1, "killed in the middle");

        using (var second = StartImport(site, log))
        {
            await second.WaitForExitAsync();
            second.ExitCode.ShouldBe(0, await second.StandardError.ReadToEndAsync());
        }
        EvidenceCount(database).ShouldBe(ourLines);
        Scalar(database, "SELECT COUNT(*) FROM mail_recipient_deliveries WHERE Status = 'delivered'").ShouldBe(3);
        Scalar(database, "SELECT COUNT(*) FROM (SELECT FileIdentity, LineNumber FROM mail_log_lines GROUP BY FileIdentity, LineNumber HAVING COUNT(*) > 1)").ShouldBe(0);
        TestContext.Out.WriteLine($"killed after {afterKill} of {ourLines} lines");
    }

    /// <summary>Each request's message deferred many times, then delivered: Postfix's own line shapes.</summary>
    private static async Task<int> WriteLogAsync(string path, List<FiledRequest> requests)
    {
        var builder = new StringBuilder();
        var time = new DateTime(2026, 12, 1, 1, 0, 0, DateTimeKind.Unspecified);
        string Stamp() => time.ToString("MMM d HH:mm:ss", CultureInfo.InvariantCulture).Replace(" 1 ", "  1 ", StringComparison.Ordinal);
        builder.Append(CultureInfo.InvariantCulture, $"{Stamp()} mx postfix/postfix-script[{Random.Shared.Next(1, 1_000_000)}]: starting the Postfix mail system\n");
        var lines = 0;
        for (var i = 0; i < requests.Count; i++)
        {
            var queueId = $"ABCDE0000{i}";
            builder.Append(CultureInfo.InvariantCulture, $"{Stamp()} mx postfix/pickup[100]: {queueId}: uid=0 from=<{requests[i].Address}>\n");
            builder.Append(CultureInfo.InvariantCulture, $"{Stamp()} mx postfix/cleanup[101]: {queueId}: message-id=<{requests[i].OutgoingMessageId}>\n");
            builder.Append(CultureInfo.InvariantCulture, $"{Stamp()} mx postfix/qmgr[102]: {queueId}: from=<{requests[i].Address}>, size=377, nrcpt=1 (queue active)\n");
            lines += 3;
        }
        for (var n = 0; n < DeferralsPerMessage; n++)
        {
            time = time.AddSeconds(1);
            for (var i = 0; i < requests.Count; i++)
            {
                builder.Append(CultureInfo.InvariantCulture, $"{Stamp()} mx postfix/smtp[103]: ABCDE0000{i}: to=<foi@slow{i}.example>, relay=127.0.0.1[127.0.0.1]:2603, delay=1, delays=0/0/1/0, dsn=4.3.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 451 4.3.0 try again later (in reply to RCPT TO command))\n");
                lines++;
            }
        }
        time = time.AddSeconds(1);
        for (var i = 0; i < requests.Count; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{Stamp()} mx postfix/smtp[103]: ABCDE0000{i}: to=<foi@slow{i}.example>, relay=127.0.0.1[127.0.0.1]:2601, delay=2, delays=0/0/1/1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as SINK{i})\n");
            lines++;
        }
        await File.WriteAllTextAsync(path, builder.ToString());
        File.SetLastWriteTime(path, new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Local));
        return lines;
    }

    private static int EvidenceCount(string database) => Scalar(database, "SELECT COUNT(*) FROM mail_log_lines");

    private static int Scalar(string database, string sql)
    {
        try
        {
            using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            return 0; // busy for a moment
        }
    }

    private static Process StartImport(FoiFactory site, string log)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "Foi.dll");
        var start = new ProcessStartInfo("dotnet", [program, "mail-logs", "import", log])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Site__DataDirectory"] = site.DataDirectory;
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Database__ConnectionString"] = "";
        start.Environment["Mail__AddressSecret"] = "test-secret-for-request-addresses";
        start.Environment["Mail__IncomingDomain"] = "foi.test";
        start.Environment["Themes__Directory"] = Themes.ThemeCheckTests.RepositoryThemes;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return Process.Start(start) ?? throw new InvalidOperationException("could not start Foi");
    }
}
