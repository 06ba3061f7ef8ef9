using Foi.Common.Data;
using Foi.Tests.Support;
using Shouldly;

namespace Foi.Tests.Requests;

/// <summary>
/// `foi requests remind` (what the hourly job runs) killed with SIGKILL mid-run, three times, then run to the end:
/// every overdue request gets its reminder, none gets two. On PostgreSQL when the test server is there, else SQLite.
/// </summary>
internal sealed class ReminderCrashTests
{
    private const int Requests = 400;

    [Test]
    [CancelAfter(240_000)]
    public async Task Reminders_killed_mid_run_and_run_again_reach_everyone_once(CancellationToken cancellationToken)
    {
        var provider = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FOI_TEST_POSTGRES")) ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
        var dataDirectory = Directory.CreateTempSubdirectory("foi-remind-").FullName;
        Dictionary<string, string?> settings;
        await using (var setup = new FoiFactory(provider, new Dictionary<string, string?> { ["Site:DataDirectory"] = dataDirectory }))
        {
            _ = setup.Services;
            var account = await RequestFixtures.AccountAsync(setup, "Olive Overdue");
            var authority = await TestAuthorities.AddAsync(setup, TestAuthorities.UniqueName("Slow Council"), "foi@slow.example");
            for (var i = 0; i < Requests; i++)
            {
                await RequestFixtures.FileAsync(setup, $"Overdue question number {i:D3}", authority, account);
            }
            settings = new Dictionary<string, string?>(setup.Settings);
        }
        await FoiProcess.ScalarAsync(provider, settings, "UPDATE requests SET \"DueDate\" = '2026-01-05', \"LongOverdueDate\" = '2099-01-05'");
        const string reminded = "SELECT COUNT(*) FROM requests WHERE \"OverdueReminderSentAt\" IS NOT NULL";

        var killedAt = new List<int>();
        while (killedAt.Count < 3)
        {
            var before = await FoiProcess.ScalarAsync(provider, settings, reminded);
            var run = FoiProcess.Start(settings, ["requests", "remind"]);
            while (!run.HasExited && await FoiProcess.ScalarAsync(provider, settings, reminded) < before + 40)
            {
                await Task.Delay(5, cancellationToken);
            }
            run.HasExited.ShouldBeFalse("the run was still going when killed; make it longer if this fails");
            await FoiProcess.KillAsync(run);
            killedAt.Add(await FoiProcess.ScalarAsync(provider, settings, reminded));
        }
        using (var last = FoiProcess.Start(settings, ["requests", "remind"]))
        {
            await last.WaitForExitAsync(cancellationToken);
            last.ExitCode.ShouldBe(0);
        }

        var remindedAll = await FoiProcess.ScalarAsync(provider, settings, reminded);
        var queued = await FoiProcess.ScalarAsync(provider, settings, "SELECT COUNT(*) FROM mail_outgoing WHERE \"Subject\" LIKE '%is overdue'");
        var distinct = await FoiProcess.ScalarAsync(provider, settings, "SELECT COUNT(DISTINCT \"Subject\") FROM mail_outgoing WHERE \"Subject\" LIKE '%is overdue'");
        var sentInDatabase = await FoiProcess.ScalarAsync(provider, settings, "SELECT COUNT(*) FROM mail_outgoing WHERE \"Subject\" LIKE '%is overdue' AND \"State\" = 'Sent'");
        var delivered = Mailbox.All(Path.Combine(dataDirectory, "mail-outbox")).Where(m => m.Message.Subject?.EndsWith("is overdue", StringComparison.Ordinal) == true).ToList();
        TestContext.Out.WriteLine($"{provider}: killed at {string.Join(", ", killedAt)} of {Requests} reminded; then {remindedAll} reminded, {queued} reminders queued ({distinct} distinct), {delivered.Count} delivered, {sentInDatabase} recorded as sent");

        remindedAll.ShouldBe(Requests);
        queued.ShouldBe(Requests);
        distinct.ShouldBe(Requests);
        delivered.Select(m => m.Message.Subject).Distinct().Count().ShouldBe(delivered.Count, "no reminder delivered twice");
        // A run killed between recording a reminder and handing it over leaves it queued for the retry job, not lost.
        delivered.Count.ShouldBeGreaterThanOrEqualTo(sentInDatabase);
        delivered.Count.ShouldBeGreaterThanOrEqualTo(Requests - killedAt.Count);
    }
}
