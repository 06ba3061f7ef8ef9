using System.Diagnostics;
using System.Globalization;
using Foi.Common.Data;
using Foi.Modules.Authorities.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Foi.Benchmarks;

/// <summary>The authorities CSV export at WhatDoTheyKnow's size and beyond: time to the last byte, through the site.</summary>
internal static class AuthorityCsvBenchmark
{
    public static async Task<int> RunAsync(int count, int runs)
    {
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_FOI", IngestBenchmark.RepositoryPath("src", "Foi"));
        var work = Directory.CreateTempSubdirectory("foi-csvbench-").FullName;
        await using var site = new IngestBenchmark.BenchSite(new Dictionary<string, string?>
        {
            ["Site:DataDirectory"] = work,
            ["Database:Provider"] = "Sqlite",
            ["Jobs:Enabled"] = "false",
            ["Mail:AddressSecret"] = "bench",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        var now = DateTimeOffset.UtcNow;
        for (var start = 0; start < count; start += 5000)
        {
            await using var scope = site.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
            for (var i = start; i < Math.Min(count, start + 5000); i++)
            {
                db.Add(Authority.Create(new AuthorityDetails($"Parish Council of Somewhere {i:D6}", $"PC{i}", $"foi{i}@parish{i}.example",
                    $"https://parish{i}.example", $"Meets monthly, \"minutes\" online; contact the clerk, {i}.", ["parish_council", "local_council"], null), $"parish-{i:D6}", now));
            }
            await db.SaveChangesAsync();
        }
        using var client = site.CreateClient();
        var times = new List<double>();
        long bytes = 0;
        for (var run = 0; run < runs; run++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(new Uri("/authorities.csv", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            bytes = 0;
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                bytes += read;
            }
            times.Add(watch.Elapsed.TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run + 1}: {times[^1]:0.000} s, {bytes / 1048576.0:0.0} MB"));
        }
        var sorted = times.Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count:N0} authorities: median {sorted[sorted.Count / 2]:0.000} s, {bytes / 1048576.0:0.0} MB; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB"));
        Directory.Delete(work, recursive: true);
        return 0;
    }
}
