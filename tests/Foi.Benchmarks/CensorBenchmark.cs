using System.Diagnostics;
using System.Globalization;
using System.Text;
using Foi.Common.Data;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Requests.FileRequest;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Foi.Benchmarks;

/// <summary>
/// What censor rules cost: a request page with 50 messages and the text the search index reads of it (what ingest
/// pays for each reply), with no rules and with 1,000 site-wide ones (950 names as plain text, 50 patterns).
/// </summary>
internal static class CensorBenchmark
{
    public static async Task<int> RunAsync(int rules, int calls)
    {
        var site = Directory.CreateTempSubdirectory("foi-bench-").FullName;
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_FOI", IngestBenchmark.RepositoryPath("src", "Foi"));
        await using var factory = new IngestBenchmark.BenchSite(new Dictionary<string, string?>
        {
            ["Site:DataDirectory"] = site,
            ["Database:Provider"] = "Sqlite",
            ["Jobs:Enabled"] = "false",
            ["Mail:AddressSecret"] = "bench",
            ["Mail:IncomingDomain"] = "foi.test",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        var (requestId, slug) = await SeedAsync(factory.Services);
        using var client = factory.CreateClient();
        Console.WriteLine($"A request with 50 messages (about 2 KB each), {calls} calls a line, SQLite, one client at a time.");

        // Tiered compilation settles over the first thousand or so calls: warm both paths well before the first line.
        for (var i = 0; i < 1500; i++)
        {
            (await client.GetAsync(new Uri($"/request/{slug}", UriKind.Relative))).EnsureSuccessStatusCode();
            await IndexTextAsync(factory.Services, requestId);
        }
        var pageNone = await TimeAsync(calls, async () => (await client.GetAsync(new Uri($"/request/{slug}", UriKind.Relative))).EnsureSuccessStatusCode());
        var indexNone = await TimeAsync(calls, () => IndexTextAsync(factory.Services, requestId));

        await AddRulesAsync(factory.Services, rules);
        var compile = Stopwatch.StartNew();
        (await client.GetAsync(new Uri($"/request/{slug}", UriKind.Relative))).EnsureSuccessStatusCode();
        var firstPage = compile.Elapsed.TotalMilliseconds;
        var page = await client.GetStringAsync(new Uri($"/request/{slug}", UriKind.Relative));
        var redacted = page.Split("[REDACTED]").Length - 1;
        var pageRules = await TimeAsync(calls, async () => (await client.GetAsync(new Uri($"/request/{slug}", UriKind.Relative))).EnsureSuccessStatusCode());
        var indexRules = await TimeAsync(calls, () => IndexTextAsync(factory.Services, requestId));
        // Without rules again, now that everything is as warm as it will be: the first lines ran on a colder process.
        await RemoveRulesAsync(factory.Services);
        var pageAfter = await TimeAsync(calls, async () => (await client.GetAsync(new Uri($"/request/{slug}", UriKind.Relative))).EnsureSuccessStatusCode());
        var indexAfter = await TimeAsync(calls, () => IndexTextAsync(factory.Services, requestId));

        Console.WriteLine($"{"",-34} {"p50 ms",8} {"p95 ms",8}");
        Print("request page, no rules", pageNone);
        Print($"request page, {rules} site-wide rules", pageRules);
        Print("request page, no rules (again)", pageAfter);
        Print("index text of it, no rules", indexNone);
        Print($"index text of it, {rules} rules", indexRules);
        Print("index text of it, no rules (again)", indexAfter);
        var without = Math.Min(Percentile(pageNone, 50), Percentile(pageAfter, 50));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"page with rules / without: {Percentile(pageRules, 50) / without:0.00}x at p50 (against the faster of the two lines without); the first page after the rules changed (compiling them) took {firstPage:0} ms; the page showed {redacted} redactions"));
        await factory.DisposeAsync();
        Directory.Delete(site, recursive: true);
        return 0;
    }

    private static async Task IndexTextAsync(IServiceProvider root, int requestId)
    {
        await using var scope = root.CreateAsyncScope();
        _ = await scope.ServiceProvider.GetRequiredService<IRequestSearchSource>().FindAsync([requestId], CancellationToken.None);
    }

    /// <summary>The 50-message request, made only if the database does not hold it yet.</summary>
    internal static async Task<(int Id, string Slug)> SeedOnceAsync(IServiceProvider root)
    {
        await using (var scope = root.CreateAsyncScope())
        {
            var made = await scope.ServiceProvider.GetRequiredService<FoiDbContext>().Set<InfoRequest>()
                .Where(r => r.Title == RequestTitle).Select(r => new { r.Id, r.Slug }).FirstOrDefaultAsync();
            if (made is not null)
            {
                return (made.Id, made.Slug);
            }
        }
        return await SeedAsync(root);
    }

    private const string RequestTitle = "Highway maintenance contracts 2020 to 2026";

    private static async Task<(int Id, string Slug)> SeedAsync(IServiceProvider root)
    {
        await using var scope = root.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var users = services.GetRequiredService<UserManager<User>>();
        var user = new User { UserName = "bench@people.test", Email = "bench@people.test", EmailConfirmed = true, Name = "Bench Requester", Slug = "bench" };
        await users.CreateAsync(user, "a long enough passphrase");
        var db = services.GetRequiredService<FoiDbContext>();
        db.Add(Foi.Modules.Authorities.Domain.Authority.Create(new("Bench Council", null, "foi@council.example", null, null, []), "bench-council", DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
        var authority = (await services.GetRequiredService<IAuthorityDirectory>().FindBySlugAsync("bench-council", CancellationToken.None))!;
        var request = await services.GetRequiredService<FileRequestHandler>().FileAsync(user.Id, user.Name, authority, RequestTitle,
            "Dear Bench Council,\n\nPlease send the highway maintenance contracts.\n\nYours faithfully,\n\nBench Requester", CancellationToken.None);
        var body = new StringBuilder();
        for (var line = 0; line < 30; line++)
        {
            body.Append(CultureInfo.InvariantCulture, $"Line {line}: the contract with Contractor{line} Ltd was reviewed by Officer Number{line * 31 % 950} on 12 March 2025, reference HW-{line:000}.\n");
        }
        for (var i = 0; i < 49; i++)
        {
            db.Add(RequestMessage.Incoming(request.Id, Guid.NewGuid(), "Highways Team", "highways@council.example", $"RE: Highway maintenance contracts part {i}",
                body.ToString(), null, false, null, DateTimeOffset.UtcNow.AddMinutes(i)));
        }
        await db.SaveChangesAsync();
        return (request.Id, request.Slug);
    }

    /// <summary>Names as plain text and a few patterns, as a site's rules grow over the years; one of each matches the page.</summary>
    private static async Task AddRulesAsync(IServiceProvider root, int count)
    {
        await using var scope = root.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
        var now = DateTimeOffset.UtcNow;
        var patterns = count / 20;
        for (var i = 0; i < count; i++)
        {
            db.Add(i < count - patterns
                ? CensorRule.Add($"Officer Number{i}", false, null, CensorScope.Site, null, "bench", 0, now)
                : CensorRule.Add($"REF-{i}-[0-9]{{4}}", true, null, CensorScope.Site, null, "bench", 0, now));
        }
        await db.SaveChangesAsync();
        var last = db.ChangeTracker.Entries<CensorRule>().Last().Entity;
        db.Add(CensorRuleChange.Of(last, "added", 0, now));
        await db.SaveChangesAsync();
    }

    private static async Task RemoveRulesAsync(IServiceProvider root)
    {
        await using var scope = root.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
        var rules = db.Set<CensorRule>().ToList();
        db.RemoveRange(rules);
        db.Add(CensorRuleChange.Of(rules[^1], "removed", 0, DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
    }

    private static async Task<List<double>> TimeAsync(int calls, Func<Task> call)
    {
        for (var i = 0; i < 100; i++)
        {
            await call();
        }
        var times = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            var watch = Stopwatch.StartNew();
            await call();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }

    private static void Print(string label, List<double> times) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-34} {Percentile(times, 50),8:0.00} {Percentile(times, 95),8:0.00}"));
}
