using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Foi.Common.Data;
using Foi.Tests.Support;
using MimeKit;
using Npgsql;
using Shouldly;

namespace Foi.Tests.Mail;

/// <summary>
/// The site runs as its own process while replies are piped to `foi mail receive` as an MTA would, and a citizen files
/// requests and follow-ups through the site's pages; the site and the pipes are killed with SIGKILL at seeded random
/// moments (the site at least twenty times, some receives mid-way: an unacknowledged message is piped again, as the MTA
/// retries; a page that did not answer is posted again, as a citizen reloads), and on PostgreSQL the database refuses
/// every connection for eight seconds half-way. Afterwards every reply is stored once, published once, and its requester
/// told once; every request and follow-up exists once and reached the authority once. On PostgreSQL when the test
/// server is there, else on SQLite.
/// </summary>
internal sealed class ChaosTests
{
    private const int Seed = 20261201;
    private const int Replies = 60;
    private const int Filings = 20;
    private const int SiteKills = 20;

    [Test]
    [CancelAfter(360_000)]
    public async Task Killing_the_site_and_the_pipe_at_random_loses_and_repeats_nothing(CancellationToken cancellationToken)
    {
        var provider = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FOI_TEST_POSTGRES")) ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
        var random = new Random(Seed);
        Dictionary<string, string?> settings;
        List<FiledRequest> requests = [];
        (int Id, string Email, string Name) citizen;
        // A data directory of the test's own: disposing the set-up site must not delete the SQLite file the rest uses.
        var dataDirectory = Directory.CreateTempSubdirectory("foi-chaos-").FullName;
        await using (var setup = new FoiFactory(provider, new Dictionary<string, string?> { ["Site:DataDirectory"] = dataDirectory }))
        {
            _ = setup.Services;
            for (var i = 0; i < 3; i++)
            {
                requests.Add(await RequestFixtures.FileAsync(setup, account: await RequestFixtures.AccountAsync(setup, $"Chaos Requester {i}")));
            }
            citizen = await RequestFixtures.AccountAsync(setup, "Chaos Citizen");
            settings = new Dictionary<string, string?>(setup.Settings);
        }
        settings["Jobs:Enabled"] = "true";
        settings["Spam:Limits:RequestsPerUserPerDay"] = $"{Filings}";
        var pickup = Path.Combine(settings["Site:DataDirectory"]!, "mail-outbox");
        var port = FreePort();

        var pending = new ConcurrentQueue<(string MessageId, string Address, byte[] Raw)>();
        for (var i = 0; i < Replies; i++)
        {
            var request = requests[i % requests.Count];
            var reply = TestMessages.Reply(request.Address, $"Chaos reply {i}", "clerk@council.example");
            reply.MessageId = $"chaos-{i}-{Guid.NewGuid():N}@council.example";
            reply.Body = new TextPart("plain") { Text = $"Answer number {i}." };
            pending.Enqueue((reply.MessageId, request.Address, TestMessages.Bytes(reply)));
        }

        var site = StartSite(settings, port);
        var kills = 0;
        var receiveKills = 0;
        var retries = 0;
        var reposts = 0;
        var outageSeconds = 0.0;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var killer = Task.Run(async () =>
        {
            var killRandom = new Random(Seed + 1);
            while (kills < SiteKills && !done.IsCancellationRequested)
            {
                await Task.Delay(killRandom.Next(700, 2500), CancellationToken.None);
                await FoiProcess.KillAsync(site);
                kills++;
                site = StartSite(settings, port);
                if (kills == SiteKills / 2 && provider == DatabaseProvider.Postgres)
                {
                    var database = new NpgsqlConnectionStringBuilder(settings["Database:ConnectionString"]).Database!;
                    var outage = Stopwatch.StartNew();
                    await TestDatabases.SetConnectionsAsync(database, allowed: false);
                    await Task.Delay(8000, CancellationToken.None);
                    await TestDatabases.SetConnectionsAsync(database, allowed: true);
                    outageSeconds = outage.Elapsed.TotalSeconds;
                }
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

        var titles = Enumerable.Range(0, Filings).Select(i => $"Chaos filing {i:D2} about bins").ToList();
        var filer = Task.Run(async () =>
        {
            var filerRandom = new Random(Seed + 2);
            using var browser = new SiteClient(new Uri($"http://127.0.0.1:{port}"), pickup);
            void Reposted() => Interlocked.Increment(ref reposts);
            (await UntilAnsweredAsync(() => browser.SignInAsync(citizen.Email, RequestFixtures.Password), Reposted, cancellationToken))
                .Status.ShouldBe(HttpStatusCode.Redirect);
            foreach (var title in titles)
            {
                var authority = requests[filerRandom.Next(requests.Count)].AuthoritySlug;
                var letter = new Dictionary<string, string>
                {
                    ["Title"] = title, ["Action"] = "send", ["SubmissionId"] = NextGuid(filerRandom).ToString(),
                    ["Body"] = $"Dear Council,\n\nPlease send me how often the bins were emptied in 2026 ({title}).\n\nYours faithfully,\n\nChaos Citizen",
                };
                var filed = await UntilAnsweredAsync(() => browser.PostFormAsync($"/new/{authority}", letter), Reposted, cancellationToken);
                filed.Status.ShouldBe(HttpStatusCode.Redirect, $"filing \"{title}\" was answered with a page: {filed.Html[..Math.Min(filed.Html.Length, 300)]}");
                var page = filed.Location!;
                var followUp = new Dictionary<string, string>
                {
                    ["Kind"] = "follow_up", ["To"] = "authority", ["SubmissionId"] = NextGuid(filerRandom).ToString(),
                    ["Body"] = $"Dear Council,\n\nA reminder about my request ({title}).\n\nYours faithfully,",
                };
                var followed = await UntilAnsweredAsync(() => browser.PostFormAsync($"{page}/follow-up", followUp), Reposted, cancellationToken);
                followed.Status.ShouldBe(HttpStatusCode.Redirect, $"the follow-up to \"{title}\" was answered with a page");
            }
        }, cancellationToken);

        await Task.WhenAll([.. workers, filer]);
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
            await FoiProcess.KillAsync(site);
        }

        var stored = await ScalarAsync(provider, settings, "SELECT COUNT(*) FROM mail_incoming WHERE \"MessageId\" LIKE 'chaos-%'");
        var published = await ScalarAsync(provider, settings, "SELECT COUNT(*) FROM request_messages WHERE \"Subject\" LIKE 'Chaos reply %'");
        var distinctPublished = await ScalarAsync(provider, settings, "SELECT COUNT(DISTINCT \"IncomingMailId\") FROM request_messages WHERE \"Subject\" LIKE 'Chaos reply %'");
        var notices = requests.Sum(r => Mailbox.To(pickup, r.RequesterEmail).Count(m => m.Subject?.StartsWith("New response", StringComparison.Ordinal) == true));
        var filedRequests = await ScalarAsync(provider, settings, "SELECT COUNT(*) FROM requests WHERE \"Title\" LIKE 'Chaos filing %'");
        var sent = Mailbox.All(pickup).Select(m => m.Message.Subject ?? "").ToList();
        var letters = titles.Select(t => sent.Count(s => s == $"Freedom of Information request - {t}")).ToList();
        var followUps = titles.Select(t => sent.Count(s => s == $"Re: Freedom of Information request - {t}")).ToList();
        TestContext.Out.WriteLine($"{provider}: {kills} site kills, {receiveKills} receives killed, {retries} pipes retried, {reposts} pages posted again, database refused connections for {outageSeconds:0.0} s; "
            + $"{stored} stored, {published} published, {notices} notices for {Replies} replies; {filedRequests} requests and {letters.Sum()} letters, {followUps.Sum()} follow-ups sent for {Filings} filings");
        stored.ShouldBe(Replies);
        published.ShouldBe(Replies);
        distinctPublished.ShouldBe(Replies);
        notices.ShouldBe(Replies);
        filedRequests.ShouldBe(Filings);
        letters.ShouldAllBe(count => count == 1);
        followUps.ShouldAllBe(count => count == 1);
        kills.ShouldBeGreaterThanOrEqualTo(SiteKills);
    }

    private static Guid NextGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static Process StartSite(Dictionary<string, string?> settings, int port) =>
        FoiProcess.Start(settings, [], urls: $"http://127.0.0.1:{port}");

    private static Process StartReceive(Dictionary<string, string?> settings, string recipient) =>
        FoiProcess.Start(settings, ["mail", "receive", "--recipient", recipient], redirectInput: true);

    private static Task<int> ScalarAsync(DatabaseProvider provider, Dictionary<string, string?> settings, string sql) =>
        FoiProcess.ScalarAsync(provider, settings, sql);

    /// <summary>
    /// Posts until the site answers with a page that is not an error, as a citizen reloads when the site is down: the
    /// same form each time (its submission id too). An error page must not show a stack trace.
    /// </summary>
    private static async Task<(HttpStatusCode Status, string Html, string? Location)> UntilAnsweredAsync(
        Func<Task<(HttpStatusCode Status, string Html, string? Location)>> post, Action counted, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var answer = await post();
                if ((int)answer.Status < 500)
                {
                    return answer;
                }
                answer.Html.ShouldNotContain("   at Foi.", customMessage: "an error page shows no stack trace");
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                // The site is down or restarting (InvalidOperationException: the form page did not load whole).
            }
            counted();
            await Task.Delay(300, cancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
