using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Foi.Common.Data;
using Foi.Tests.Support;
using Microsoft.Data.Sqlite;
using MimeKit;
using Npgsql;
using Shouldly;

namespace Foi.Tests.Mail;

/// <summary>
/// The site runs as its own process while replies are piped to `foi mail receive` as an MTA would, and both are killed
/// with SIGKILL at seeded random moments: the site at least twenty times, some receives mid-way (an unacknowledged
/// message is piped again, as the MTA retries). Afterwards every reply is stored once, published once, and its
/// requester told once. On PostgreSQL when the test server is there, else on SQLite.
/// </summary>
internal sealed class ChaosTests
{
    private const int Seed = 20261201;
    private const int Replies = 60;
    private const int SiteKills = 20;

    [Test]
    [CancelAfter(300_000)]
    public async Task Killing_the_site_and_the_pipe_at_random_loses_and_repeats_nothing(CancellationToken cancellationToken)
    {
        var provider = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FOI_TEST_POSTGRES")) ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
        var random = new Random(Seed);
        Dictionary<string, string?> settings;
        List<FiledRequest> requests = [];
        // A data directory of the test's own: disposing the set-up site must not delete the SQLite file the rest uses.
        var dataDirectory = Directory.CreateTempSubdirectory("foi-chaos-").FullName;
        await using (var setup = new FoiFactory(provider, new Dictionary<string, string?> { ["Site:DataDirectory"] = dataDirectory }))
        {
            _ = setup.Services;
            for (var i = 0; i < 3; i++)
            {
                requests.Add(await RequestFixtures.FileAsync(setup, account: await RequestFixtures.AccountAsync(setup, $"Chaos Requester {i}")));
            }
            settings = new Dictionary<string, string?>(setup.Settings);
        }
        settings["Jobs:Enabled"] = "true";
        var pickup = Path.Combine(settings["Site:DataDirectory"]!, "mail-outbox");

        var pending = new ConcurrentQueue<(string MessageId, string Address, byte[] Raw)>();
        for (var i = 0; i < Replies; i++)
        {
            var request = requests[i % requests.Count];
            var reply = TestMessages.Reply(request.Address, $"Chaos reply {i}", "clerk@council.example");
            reply.MessageId = $"chaos-{i}-{Guid.NewGuid():N}@council.example";
            reply.Body = new TextPart("plain") { Text = $"Answer number {i}." };
            pending.Enqueue((reply.MessageId, request.Address, TestMessages.Bytes(reply)));
        }

        var site = StartSite(settings);
        var kills = 0;
        var receiveKills = 0;
        var retries = 0;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var killer = Task.Run(async () =>
        {
            var killRandom = new Random(Seed + 1);
            while (kills < SiteKills && !done.IsCancellationRequested)
            {
                await Task.Delay(killRandom.Next(700, 2500), CancellationToken.None);
                site.Kill(entireProcessTree: true);
                await site.WaitForExitAsync(CancellationToken.None);
                site.Dispose();
                kills++;
                site = StartSite(settings);
            }
        }, CancellationToken.None);

        var workers = Enumerable.Range(0, 3).Select(worker => Task.Run(async () =>
        {
            var workerRandom = new Random(Seed + 10 + worker);
            while (pending.TryDequeue(out var item))
            {
                using var receive = StartReceive(settings, item.Address);
                await receive.StandardInput.BaseStream.WriteAsync(item.Raw, cancellationToken);
                receive.StandardInput.Close();
                if (workerRandom.NextDouble() < 0.2)
                {
                    await Task.Delay(workerRandom.Next(0, 900), cancellationToken);
                    if (!receive.HasExited)
                    {
                        receive.Kill(entireProcessTree: true);
                        Interlocked.Increment(ref receiveKills);
                    }
                }
                await receive.WaitForExitAsync(cancellationToken);
                if (receive.ExitCode != 0)
                {
                    Interlocked.Increment(ref retries);
                    pending.Enqueue(item); // not acknowledged: the MTA keeps it and pipes it again
                }
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(workers);
        await killer; // twenty kills, then the last site started runs on
        await done.CancelAsync();

        // Settle: the last site started runs undisturbed until nothing waits.
        try
        {
            var settled = false;
            for (var attempt = 0; attempt < 240 && !settled; attempt++)
            {
                await Task.Delay(500, cancellationToken);
                settled = await ScalarAsync(provider, settings, "SELECT COUNT(*) FROM mail_incoming WHERE \"State\" = 'Stored'") == 0
                    && await ScalarAsync(provider, settings, "SELECT COUNT(*) FROM mail_incoming_deliveries WHERE \"DeliveredAt\" IS NULL") == 0
                    && await ScalarAsync(provider, settings, "SELECT COUNT(*) FROM outbox_events WHERE \"DispatchedAt\" IS NULL") == 0
                    && await ScalarAsync(provider, settings, "SELECT COUNT(*) FROM mail_outgoing WHERE \"State\" <> 'Sent'") == 0;
            }
            settled.ShouldBeTrue("the site settled within two minutes");
        }
        finally
        {
            site.Kill(entireProcessTree: true);
            await site.WaitForExitAsync(CancellationToken.None);
            site.Dispose();
        }

        var stored = await ScalarAsync(provider, settings, "SELECT COUNT(*) FROM mail_incoming WHERE \"MessageId\" LIKE 'chaos-%'");
        var published = await ScalarAsync(provider, settings, "SELECT COUNT(*) FROM request_messages WHERE \"Subject\" LIKE 'Chaos reply %'");
        var distinctPublished = await ScalarAsync(provider, settings, "SELECT COUNT(DISTINCT \"IncomingMailId\") FROM request_messages WHERE \"Subject\" LIKE 'Chaos reply %'");
        var notices = requests.Sum(r => Mailbox.To(pickup, r.RequesterEmail).Count(m => m.Subject?.StartsWith("New response", StringComparison.Ordinal) == true));
        TestContext.Out.WriteLine($"{provider}: {kills} site kills, {receiveKills} receives killed, {retries} pipes retried; {stored} stored, {published} published, {notices} notices for {Replies} replies");
        stored.ShouldBe(Replies);
        published.ShouldBe(Replies);
        distinctPublished.ShouldBe(Replies);
        notices.ShouldBe(Replies);
        kills.ShouldBeGreaterThanOrEqualTo(SiteKills);
    }

    private static Process StartSite(Dictionary<string, string?> settings) => Start(settings, [], redirectInput: false);

    private static Process StartReceive(Dictionary<string, string?> settings, string recipient) =>
        Start(settings, ["mail", "receive", "--recipient", recipient], redirectInput: true);

    private static Process Start(Dictionary<string, string?> settings, string[] arguments, bool redirectInput)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "Foi.dll");
        var start = new ProcessStartInfo("dotnet", [program, .. arguments])
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
        }
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Themes__Directory"] = Themes.ThemeCheckTests.RepositoryThemes;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start Foi");
        // Drained so a full pipe never blocks the program.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<int> ScalarAsync(DatabaseProvider provider, Dictionary<string, string?> settings, string sql)
    {
        await using DbConnection connection = provider == DatabaseProvider.Postgres
            ? new NpgsqlConnection(settings["Database:ConnectionString"])
            : new SqliteConnection($"Data Source={Path.Combine(settings["Site:DataDirectory"]!, "foi.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
