using System.Globalization;

namespace Foi.Benchmarks;

internal static class BenchmarkMain
{
    // dotnet run -c Release --project tests/Foi.Benchmarks -- ingest [sqlite | postgres CONNECTION] [MESSAGES] [RUNS]
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "mail-logs")
        {
            // dotnet run -c Release --project tests/Foi.Benchmarks -- mail-logs [MEGABYTES=1100] [RUNS=3] [postgres CONNECTION]
            return await MailLogBenchmark.RunAsync(
                args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 1100,
                args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3,
                args.Length > 4 && args[3] == "postgres" ? args[4] : null);
        }
        if (args.Length > 0 && args[0] == "authorities-csv")
        {
            // dotnet run -c Release --project tests/Foi.Benchmarks -- authorities-csv [COUNT=50000] [RUNS=5]
            return await AuthorityCsvBenchmark.RunAsync(
                args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000,
                args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5);
        }
        if (args.Length > 0 && args[0] == "mail-log-freshness")
        {
            // dotnet run -c Release --project tests/Foi.Benchmarks -- mail-log-freshness [APPENDS=20]
            return await MailLogFreshnessBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20);
        }
        if (args.Length > 0 && args[0] == "search")
        {
            // dotnet run -c Release --project tests/Foi.Benchmarks -- search [REQUESTS=1000000] [QUERIES=1000] [FTS5 QUERIES=all | lucene]
            var queries = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
            return await SearchBenchmark.RunAsync(
                args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000,
                queries,
                args.Length <= 3 ? queries : args[3] == "lucene" ? 0 : int.Parse(args[3], CultureInfo.InvariantCulture));
        }
        if (args.Length > 1 && args[0] == "api-list")
        {
            // dotnet run -c Release --project tests/Foi.Benchmarks -- api-list CONNECTION [REQUESTS=1000000] [CALLS=500]
            return await ScaleBenchmark.ApiListAsync(args[1],
                args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000,
                args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 500);
        }
        if (args.Length > 1 && args[0] == "digest")
        {
            // dotnet run -c Release --project tests/Foi.Benchmarks -- digest CONNECTION [REQUESTS=1000000] [FOLLOWS_EACH=10] [EVENTS=3000]
            return await ScaleBenchmark.DigestAsync(args[1],
                args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000,
                args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10,
                args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 3000);
        }
        if (args.Length > 1 && args[0] == "pages")
        {
            // dotnet run -c Release --project tests/Foi.Benchmarks -- pages CONNECTION [REQUESTS=1000000] [SECONDS=10] [CONNECTIONS=64] [cached | uncached | lists]
            // "lists" measures only the lists, one client at a time, every page made afresh.
            return await PagesBenchmark.RunAsync(args[1],
                args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000,
                args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10,
                args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 64,
                args.Length <= 5 || args[5] == "cached",
                args.Length > 5 && args[5] == "lists");
        }
        if (args.Length > 0 && args[0] == "censor")
        {
            // dotnet run -c Release --project tests/Foi.Benchmarks -- censor [RULES=1000] [CALLS=300]
            return await CensorBenchmark.RunAsync(
                args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000,
                args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 300);
        }
        if (args.Length > 0 && args[0] == "account-timing")
        {
            // dotnet run -c Release --project tests/Foi.Benchmarks -- account-timing [ROUNDS=100]
            return await AccountTimingBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100);
        }
        if (args.Length == 0 || args[0] != "ingest")
        {
            await Console.Error.WriteLineAsync("usage: Foi.Benchmarks ingest [sqlite | postgres \"Host=...;Username=...\"] [messages=200] [runs=5] | mail-logs [megabytes=1100] [runs=3] [postgres \"Host=...\"] | authorities-csv [count=50000] [runs=5] | mail-log-freshness [appends=20] | search [requests=1000000] [queries=1000] [fts5-queries=all | lucene] | account-timing [rounds=100] | api-list \"Host=...\" [requests=1000000] [calls=500] | digest \"Host=...\" [requests=1000000] [follows-each=10] [events=3000] | censor [rules=1000] [calls=300] | pages \"Host=...\" [requests=1000000] [seconds=10] [connections=64] [cached | uncached | lists]");
            return 64;
        }
        var postgres = args.Length > 1 && args[1].Equals("postgres", StringComparison.OrdinalIgnoreCase);
        var rest = args.Skip(postgres ? 3 : args.Length > 1 && args[1].Equals("sqlite", StringComparison.OrdinalIgnoreCase) ? 2 : 1).ToArray();
        var messages = rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 200;
        var runs = rest.Length > 1 ? int.Parse(rest[1], CultureInfo.InvariantCulture) : 5;
        return await IngestBenchmark.RunAsync(postgres ? "Postgres" : "Sqlite", postgres ? args[2] : null, messages, runs);
    }
}
