using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Foi.Common.Cli;
using Foi.Modules.Search;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;

namespace Foi.Benchmarks;

/// <summary>
/// Every public page under load, beside a static file of the same bytes served by the same Kestrel: a million
/// requests on PostgreSQL (the database <c>foi_bench_scale</c>, and its search index in a folder kept beside it),
/// CONNECTIONS clients on loopback each asking again as soon as an answer comes, for SECONDS per page after a warm-up.
/// Visitors are anonymous and do not ask for compression, so the page and its static twin are the same bytes.
/// </summary>
internal static class PagesBenchmark
{
    /// <param name="connection">The PostgreSQL server, without a database name.</param>
    /// <param name="requests">How many requests the database holds.</param>
    /// <param name="seconds">How long each line is measured.</param>
    /// <param name="connections">Clients asking at once.</param>
    /// <param name="cached">False turns the page cache off: every page is made, as for a signed-in visitor.</param>
    /// <param name="listsOnly">Only the lists, one client at a time.</param>
    public static async Task<int> RunAsync(string connection, int requests, int seconds, int connections, bool cached, bool listsOnly)
    {
        var data = Path.Combine(Path.GetTempPath(), "foi-bench-scale-data");
        var twins = Directory.CreateTempSubdirectory("foi-pagesbench-static-").FullName;
        var port = FreePort();
        await using var site = ScaleBenchmark.Site(connection, data, twins, keepIndexCurrent: true, pageCache: cached);
        site.UseKestrel(port);
        site.StartServer();
        await ScaleBenchmark.SeedAsync(site, requests);
        var (_, fiftyMessages) = await CensorBenchmark.SeedOnceAsync(site.Services);
        await EnsureIndexAsync(site.Services, data, requests);

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        if (listsOnly)
        {
            await ListsOneClientAsync(client);
            Directory.Delete(twins, recursive: true);
            return 0;
        }
        var firstList = await client.GetStringAsync(new Uri("/list", UriKind.Relative));
        var deepList = firstList.Contains("before=", StringComparison.Ordinal) ? "/list?before=40" : "/list?page=10000";
        var random = new Random(19);
        var pages = new (string Name, string Url)[]
        {
            ("home", "/"),
            ("request, 50 messages", $"/request/{fiftyMessages}"),
            ("request, 1 message", $"/request/request-{requests / 2}"),
            ("request, any of a million", "/request/request-*"),
            ("/list, first page", "/list"),
            ("/list, last pages", deepList),
            ("/authorities", "/authorities"),
            ("authority, 100,000 requests", "/authority/authority-1"),
            ("authority, 90 requests", "/authority/authority-5000"),
            ("person, 50,000 requests", "/user/person-1"),
            ("search, 'spending'", "/search?q=spending"),
        };
        Console.WriteLine($"{requests:N0} requests on PostgreSQL; {connections} connections on loopback, {seconds} s a line after a warm-up; a static file of the same bytes beside each page; page cache {(cached ? "on" : "off")}");
        Console.WriteLine($"{"",-30} {"KB",6} {"page/s",8} {"p50 ms",7} {"p99 ms",7} {"static/s",9} {"p99 ms",7} {"ratio",7}");
        foreach (var (name, url) in pages)
        {
            // A star stands for any request: each visit asks for one picked at random, as crawlers do.
            Func<string> next = url.EndsWith('*') ? () => url.TrimEnd('*') + random.Next(1, requests) : () => url;
            var bytes = await client.GetByteArrayAsync(new Uri(next(), UriKind.Relative));
            var twin = $"{Guid.NewGuid():N}.html";
            await File.WriteAllBytesAsync(Path.Combine(twins, twin), bytes);
            var page = await LoadAsync(client, next, seconds, connections);
            var file = await LoadAsync(client, () => $"/bench-static/{twin}", seconds, connections);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-30} {bytes.Length / 1024.0,6:0} {page.PerSecond,8:0} {page.P50,7:0.0} {page.P99,7:0.0} {file.PerSecond,9:0} {file.P99,7:0.0} {page.PerSecond / file.PerSecond,7:P0}"));
        }
        await SearchOverheadAsync(site.Services, client);
        if (!cached)
        {
            await ListsOneClientAsync(client);
        }

        await site.DisposeAsync();
        Directory.Delete(twins, recursive: true);
        return 0;
    }

    /// <summary>One client at a time: the search page's time beside the engine's own for the same query.</summary>
    private static async Task SearchOverheadAsync(IServiceProvider services, HttpClient client)
    {
        var search = services.GetRequiredService<SiteSearch>();
        var query = new SearchQuery("spending", null, null, null, SearchSort.Relevance, 1);
        var engine = new List<double>();
        var page = new List<double>();
        for (var i = 0; i < 600; i++)
        {
            var watch = Stopwatch.StartNew();
            _ = search.Search(query);
            var engineMs = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            using var response = await client.GetAsync(new Uri("/search?q=spending", UriKind.Relative));
            await response.Content.CopyToAsync(Stream.Null);
            if (i >= 100)
            {
                engine.Add(engineMs);
                page.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        engine.Sort();
        page.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"search 'spending', one client, 500 calls: engine p50 {engine[250]:0.00} ms, page p50 {page[250]:0.00} ms, the page adds {page[250] - engine[250]:0.00} ms"));
    }

    /// <summary>
    /// One client at a time, every page made afresh: what a list costs the database on its first page and its last
    /// (<c>before=40</c> is the page before the fortieth request ever made).
    /// </summary>
    private static async Task ListsOneClientAsync(HttpClient client)
    {
        string[] lists = ["/list", "/list?tag=council", "/authority/authority-1", "/authority/authority-5000", "/user/person-1", "/user/person-2"];
        Console.WriteLine($"lists, one client, 300 calls each: {"first page p50",15} {"p95 ms",7} {"last pages p50",15} {"p95 ms",7}");
        foreach (var list in lists)
        {
            var first = await OneClientAsync(client, list);
            var last = await OneClientAsync(client, list + (list.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "before=40");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{list,-54} {first.P50,15:0.0} {first.P95,7:0.0} {last.P50,15:0.0} {last.P95,7:0.0}"));
        }
    }

    private static async Task<(double P50, double P95)> OneClientAsync(HttpClient client, string url)
    {
        var times = new List<double>();
        for (var i = 0; i < 330; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            await response.Content.CopyToAsync(Stream.Null);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}");
            }
            if (i >= 30)
            {
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }
        times.Sort();
        return (times[times.Count / 2], times[(int)(times.Count * 0.95)]);
    }

    private sealed record Load(double PerSecond, double P50, double P99);

    private static async Task<Load> LoadAsync(HttpClient client, Func<string> url, int seconds, int connections)
    {
        await RunClientsAsync(client, url, TimeSpan.FromSeconds(Math.Max(2, seconds / 3)), connections, null);
        var times = new ConcurrentBag<List<double>>();
        var watch = Stopwatch.StartNew();
        await RunClientsAsync(client, url, TimeSpan.FromSeconds(seconds), connections, times);
        var elapsed = watch.Elapsed.TotalSeconds;
        var all = times.SelectMany(t => t).Order().ToList();
        return new Load(all.Count / elapsed, all[all.Count / 2], all[(int)(all.Count * 0.99)]);
    }

    private static Task RunClientsAsync(HttpClient client, Func<string> url, TimeSpan duration, int connections, ConcurrentBag<List<double>>? times)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        return Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (Stopwatch.GetTimestamp() < until)
            {
                Uri uri;
                lock (url)
                {
                    uri = new Uri(url(), UriKind.Relative); // Random is not thread-safe
                }
                var start = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
                await response.Content.CopyToAsync(Stream.Null);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{uri} answered {(int)response.StatusCode}");
                }
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            times?.Add(mine);
        })));
    }

    /// <summary>The requests were seeded by SQL, past the change feed: the index is built from them once, and kept.</summary>
    private static async Task EnsureIndexAsync(IServiceProvider services, string data, int requests)
    {
        var marker = Path.Combine(data, $"indexed-{requests}");
        if (File.Exists(marker))
        {
            return;
        }
        var watch = Stopwatch.StartNew();
        var code = await FoiCommandLine.RunAsync(services, ["search", "reindex"], Console.Out, Console.Error);
        Console.WriteLine($"search index built in {watch.Elapsed.TotalSeconds:0} s (exit {code})");
        await File.WriteAllTextAsync(marker, "");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Serves <paramref name="folder"/> at /bench-static before the site's own pipeline: the static twin of each page.</summary>
    internal sealed class StaticTwins(string folder) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(folder), RequestPath = "/bench-static" });
            next(app);
        };
    }

    internal static void ServeTwins(IServiceCollection services, string folder) =>
        services.AddSingleton<IStartupFilter>(new StaticTwins(folder));
}
