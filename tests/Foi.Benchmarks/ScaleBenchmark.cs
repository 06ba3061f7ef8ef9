using System.Diagnostics;
using System.Globalization;
using Foi.Common.Data;
using Foi.Modules.Requests.FollowThings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Foi.Benchmarks;

/// <summary>
/// WhatDoTheyKnow's size on PostgreSQL: a million requests, 100,000 people and 10,000 authorities, seeded once by SQL
/// into the database <c>foi_bench_scale</c> (kept between runs; delete it to seed again). Two measurements:
/// <c>api-list</c>, the read API's request lists at every depth and filter; <c>digest</c>, the daily alert digest for
/// 100,000 people following 10 things each after a day of 3,000 events.
/// </summary>
internal static class ScaleBenchmark
{
    private const int Authorities = 10_000;
    private const int People = 100_000;
    private const string Database = "foi_bench_scale";

    public static async Task<int> ApiListAsync(string connection, int requests, int queries)
    {
        var work = Directory.CreateTempSubdirectory("foi-scalebench-").FullName;
        await using var site = Site(connection, work);
        await SeedAsync(site, requests);
        using var client = site.CreateClient();
        var random = new Random(17);
        var scenarios = new (string Name, Func<string> Url)[]
        {
            ("all, first page", () => "/api/v1/requests"),
            ("all, any depth", () => $"/api/v1/requests?cursor={random.Next(1, requests)}"),
            ("all, last pages", () => $"/api/v1/requests?cursor={random.Next(2, 200)}"),
            ("largest authority (100,000), any depth", () => $"/api/v1/requests?authority=authority-1&cursor={random.Next(1, requests)}"),
            ("an authority (90), any depth", () => $"/api/v1/requests?authority=authority-{random.Next(2, Authorities)}&cursor={random.Next(1, requests)}"),
            ("busiest person (50,000), any depth", () => $"/api/v1/requests?person=person-1&cursor={random.Next(1, requests)}"),
            ("status successful, any depth", () => $"/api/v1/requests?status=successful&cursor={random.Next(1, requests)}"),
            ("since a date, any depth", () => $"/api/v1/requests?since=2025-06-01&cursor={random.Next(1, requests)}"),
            ("one request", () => $"/api/v1/requests/request-{random.Next(1, requests)}"),
        };
        Console.WriteLine($"{requests:N0} requests on PostgreSQL; {queries} sequential calls per line (after 20 to warm up), limit 25");
        Console.WriteLine($"{"",-42} {"p50 ms",8} {"p95 ms",8} {"max ms",8}");
        foreach (var (name, url) in scenarios)
        {
            for (var i = 0; i < 20; i++)
            {
                (await client.GetAsync(new Uri(url(), UriKind.Relative))).EnsureSuccessStatusCode();
            }
            var times = new List<double>();
            for (var i = 0; i < queries; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.GetAsync(new Uri(url(), UriKind.Relative));
                await response.Content.ReadAsByteArrayAsync();
                times.Add(watch.Elapsed.TotalMilliseconds);
                response.EnsureSuccessStatusCode();
            }
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-42} {times[times.Count / 2],8:0.0} {times[(int)(times.Count * 0.95)],8:0.0} {times[^1],8:0.0}"));
        }
        await site.DisposeAsync(); // its background work writes into the folder until it stops
        Directory.Delete(work, recursive: true);
        return 0;
    }

    public static async Task<int> DigestAsync(string connection, int requests, int followsEach, int events)
    {
        var work = Directory.CreateTempSubdirectory("foi-scalebench-").FullName;
        await using var site = Site(connection, work);
        await SeedAsync(site, requests);
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            // A fresh day: no cursors, each follow made before the day's events, which are two minutes old or more.
            await db.Database.ExecuteSqlRawAsync("TRUNCATE alert_cursors, follows, request_events RESTART IDENTITY; TRUNCATE mail_outgoing CASCADE");
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO follows ("UserId", "Kind", "TargetId", "Query", "StartAfterEventId", "CreatedAt")
                SELECT p, CASE WHEN k <= 6 THEN 'Request' WHEN k <= 8 THEN 'Authority' WHEN k = 9 THEN 'Person'
                               WHEN p % 100 = 0 THEN 'NewRequests' ELSE 'Request' END,
                       CASE WHEN k <= 6 OR (k = 10 AND p % 100 <> 0) THEN 1 + (hashint4(p * 16 + k) & 2147483647) % {requests}
                            WHEN k <= 8 THEN 1 + (hashint4(p * 16 + k) & 2147483647) % {Authorities}
                            WHEN k = 9 THEN 1 + (hashint4(p * 16 + k) & 2147483647) % {People}
                            ELSE 0 END,
                       '', 0, now() - interval '2 days'
                FROM generate_series(1, {People}) p, generate_series(1, {followsEach}) k
                ON CONFLICT DO NOTHING
                """);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO request_events ("RequestId", "Kind", "State", "CreatedAt")
                SELECT 1 + (hashint4(e) & 2147483647) % {requests},
                       CASE e % 6 WHEN 0 THEN 'sent' WHEN 1 THEN 'classified' WHEN 2 THEN 'followup' ELSE 'response' END,
                       CASE e % 6 WHEN 1 THEN 'Successful' END,
                       now() - interval '5 minutes' - (e * interval '28 seconds')
                FROM generate_series(1, {events}) e
                """);
            await db.Database.ExecuteSqlRawAsync("ANALYZE follows; ANALYZE request_events");
        }
        var follows = 0L;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            follows = await scope.ServiceProvider.GetRequiredService<FoiDbContext>().Set<Foi.Modules.Requests.Domain.Follow>().LongCountAsync();
        }
        Console.WriteLine($"{People:N0} people following {follows:N0} things; {events:N0} events in the day; {requests:N0} requests");

        GC.Collect();
        var startHeap = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
        var samples = new List<(double Seconds, double HeapMb, double WorkingSetMb)>();
        var watch = Stopwatch.StartNew();
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                samples.Add((watch.Elapsed.TotalSeconds, GC.GetTotalMemory(false) / 1048576.0, Environment.WorkingSet / 1048576.0));
                try
                {
                    await Task.Delay(1000, done.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
        int sent;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            sent = await scope.ServiceProvider.GetRequiredService<AlertDigests>().SendDueAsync(CancellationToken.None);
        }
        var seconds = watch.Elapsed.TotalSeconds;
        await done.CancelAsync();
        await sampler;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"digests sent: {sent:N0} in {seconds:0.0} s ({sent / seconds:0} a second); managed heap at start {startHeap:0} MB"));
        foreach (var quarter in new[] { 0.25, 0.5, 0.75, 1.0 })
        {
            var sample = samples.LastOrDefault(s => s.Seconds <= seconds * quarter);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  at {quarter:P0} of the run: managed heap {sample.HeapMb:0} MB, working set {sample.WorkingSetMb:0} MB"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  peak managed heap {samples.Max(s => s.HeapMb):0} MB, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB"));
        await site.DisposeAsync(); // its background work writes into the folder until it stops
        Directory.Delete(work, recursive: true);
        return 0;
    }

    internal static IngestBenchmark.BenchSite Site(string connection, string work, string? staticTwins = null, bool keepIndexCurrent = false, bool pageCache = true)
    {
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_FOI", IngestBenchmark.RepositoryPath("src", "Foi"));
        return new IngestBenchmark.BenchSite(new Dictionary<string, string?>
        {
            ["Site:DataDirectory"] = work,
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = $"{connection};Database={Database};Command Timeout=600",
            ["Jobs:Enabled"] = "false",
            ["Mail:AddressSecret"] = "bench",
            ["Mail:IncomingDomain"] = "foi.test",
            ["Mail:Receive:RouteInBackground"] = "false",
            ["Requests:DigestHour"] = "0",
            ["Requests:DumpEveryHours"] = "0",
            ["Api:RequestsPerMinute"] = "1000000",
            ["PageCache:Enabled"] = pageCache ? "true" : "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.HttpLogging"] = "Warning",
        }, services =>
        {
            if (staticTwins is not null)
            {
                PagesBenchmark.ServeTwins(services, staticTwins);
            }
            if (keepIndexCurrent)
            {
                return;
            }
            // A live site's index is built and current; here it would be built from scratch, a million requests,
            // on the same two cores as the measurement.
            foreach (var indexer in services.Where(s => s.ImplementationType?.Name == "KeepIndexCurrent").ToList())
            {
                services.Remove(indexer);
            }
        });
    }

    /// <summary>Seeds by SQL once: 10,000 authorities (the first with a tenth of all requests), 100,000 people (the first with 5%), the requests.</summary>
    internal static async Task SeedAsync(IngestBenchmark.BenchSite site, int requests)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        if (await db.Set<Foi.Modules.Requests.Domain.InfoRequest>().CountAsync() >= requests)
        {
            return;
        }
        var watch = Stopwatch.StartNew();
        await db.Database.ExecuteSqlRawAsync("TRUNCATE requests, authorities, \"AspNetUsers\" RESTART IDENTITY CASCADE");
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO authorities ("Name", "ShortName", "Slug", "RequestEmail", "Tags", "CreatedAt", "UpdatedAt")
            SELECT 'Authority ' || g, '', 'authority-' || g, 'foi@authority' || g || '.example', ' council ', now(), now()
            FROM generate_series(1, {Authorities}) g
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AspNetUsers" ("Name", "Slug", "CreatedAt", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed",
                "SecurityStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
            SELECT 'Person ' || g, 'person-' || g, now(), 'person' || g || '@people.example', upper('person' || g || '@people.example'),
                'person' || g || '@people.example', upper('person' || g || '@people.example'), true, md5(g::text), false, false, true, 0
            FROM generate_series(1, {People}) g
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO requests ("Slug", "Title", "AuthorityId", "UserId", "State", "CreatedAt", "UpdatedAt", "DueDate", "LawKey", "LongOverdueDate", "ResponsesAllowed")
            SELECT 'request-' || g, 'Request number ' || g || ' about spending',
                CASE WHEN g % 10 = 0 THEN 1 ELSE 2 + g % ({Authorities} - 1) END,
                CASE WHEN g % 20 = 0 THEN 1 ELSE 2 + g % ({People} - 1) END,
                (ARRAY['WaitingResponse','Successful','PartiallySuccessful','Rejected','NotHeld','WaitingClarification'])[1 + g % 6],
                timestamptz '2016-01-01' + g * interval '5 minutes', timestamptz '2016-01-01' + g * interval '5 minutes',
                (date '2016-01-29' + (g / 288)), 'foi', (date '2016-03-01' + (g / 288)), true
            FROM generate_series(1, {requests}) g
            """);
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
        Console.WriteLine($"seeded {requests:N0} requests, {People:N0} people, {Authorities:N0} authorities in {watch.Elapsed.TotalSeconds:0} s");
    }
}
