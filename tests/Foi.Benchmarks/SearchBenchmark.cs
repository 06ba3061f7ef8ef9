using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bogus;
using Foi.Common.Site;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Search;
using Foi.Modules.Search.Index;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Foi.Benchmarks;

/// <summary>
/// The search path of the site (Lucene index, query parsing, status counts, highlighted snippets) over a synthetic
/// corpus, beside SQLite FTS5 (porter stemmer, bm25 rank, snippet, status counts) on the same corpus and queries.
/// </summary>
internal static class SearchBenchmark
{
    private static readonly string[] Statuses = ["waiting_response", "successful", "partially_successful", "rejected", "not_held", "waiting_clarification"];

    /// <param name="requests">Requests in the corpus (three messages each).</param>
    /// <param name="queries">Queries in the mix Lucene runs.</param>
    /// <param name="ftsQueries">How many of the mix FTS5 runs (the first ones, so a fifth of each kind): at 1,000,000
    /// requests the whole mix would take FTS5 hours; 0 leaves FTS5 out.</param>
    public static async Task<int> RunAsync(int requests, int queries, int ftsQueries)
    {
        var work = Directory.CreateTempSubdirectory("foi-searchbench-").FullName;
        Console.WriteLine($"corpus: {requests:N0} requests, {requests * 3:N0} messages (letter, reply, follow-up), in {work}");
        var corpus = Generate(requests);
        var textBytes = corpus.Sum(r => (long)Encoding.UTF8.GetByteCount(r.Title) + Encoding.UTF8.GetByteCount(r.Text));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"text: {textBytes / 1048576.0:0} MB, {textBytes / (double)requests / 3:0} bytes per message on average"));
        var mix = QueryMix(corpus, queries);

        // Lucene, through the site's own classes.
        var index = new SearchIndex(new DataDirectory(work), NullLogger<SearchIndex>.Instance);
        var clock = Stopwatch.StartNew();
        await index.RebuildAsync(writer =>
        {
            writer.AddDocuments(corpus.Select(SearchDocuments.ForRequest));
            return Task.CompletedTask;
        }, 0, CancellationToken.None);
        clock.Stop();
        var luceneSize = Directory.EnumerateFiles(Path.Combine(work, "search"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lucene: indexed in {clock.Elapsed.TotalSeconds:0.0} s = {requests / clock.Elapsed.TotalSeconds:N0} requests/s ({requests * 3 / clock.Elapsed.TotalSeconds:N0} messages/s), index {luceneSize / 1048576.0:0} MB"));
        var search = new SiteSearch(index);
        foreach (var query in mix.Take(50))
        {
            search.Search(query.Lucene); // warm-up
        }
        var luceneTimes = mix.Select(q => Time(() => search.Search(q.Lucene).Total)).ToList();
        Report("lucene", luceneTimes, mix);

        if (ftsQueries == 0)
        {
            Directory.Delete(work, recursive: true);
            return 0;
        }

        // SQLite FTS5, the same corpus.
        var ftsPath = Path.Combine(work, "fts.db");
        await using var connection = new SqliteConnection($"Data Source={ftsPath}");
        await connection.OpenAsync();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        Execute(connection, "CREATE VIRTUAL TABLE requests USING fts5(title, text, status UNINDEXED, created UNINDEXED, tokenize='porter unicode61');");
        clock.Restart();
        await using (var transaction = connection.BeginTransaction())
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO requests(title, text, status, created) VALUES ($title, $text, $status, $created)";
            var title = insert.Parameters.Add("$title", SqliteType.Text);
            var text = insert.Parameters.Add("$text", SqliteType.Text);
            var status = insert.Parameters.Add("$status", SqliteType.Text);
            var created = insert.Parameters.Add("$created", SqliteType.Integer);
            foreach (var request in corpus)
            {
                (title.Value, text.Value, status.Value, created.Value) = (request.Title, request.Text, request.Status, request.CreatedAt.ToUnixTimeSeconds());
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        clock.Stop();
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        var ftsSize = new FileInfo(ftsPath).Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fts5: indexed in {clock.Elapsed.TotalSeconds:0.0} s = {requests / clock.Elapsed.TotalSeconds:N0} requests/s, database {ftsSize / 1048576.0:0} MB (text stored too)"));
        foreach (var query in mix.Take(Math.Min(50, Math.Max(10, ftsQueries / 5))))
        {
            Fts(connection, query);
        }
        var sample = mix.Take(ftsQueries).ToList();
        var ftsTimes = sample.Select(q => Time(() => Fts(connection, q))).ToList();
        Report("fts5", ftsTimes, sample);
        if (sample.Count < mix.Count)
        {
            Report("lucene on the same queries", luceneTimes.Take(sample.Count).ToList(), sample);
        }
        Directory.Delete(work, recursive: true);
        return 0;
    }

    private sealed record MixedQuery(string Kind, SearchQuery Lucene, string FtsMatch, string? Status, bool Newest);

    private static List<MixedQuery> QueryMix(List<SearchableRequest> corpus, int count)
    {
        var random = new Random(7);
        string AWord() => Words(corpus[random.Next(corpus.Count)].Title).Where(w => w.Length > 4).DefaultIfEmpty("budget").ElementAt(0);
        var mix = new List<MixedQuery>();
        for (var i = 0; i < count; i++)
        {
            var (one, two) = (AWord(), AWord());
            var status = Statuses[random.Next(Statuses.Length)];
            mix.Add((i % 5) switch
            {
                0 => new MixedQuery("single word", new SearchQuery(one), one, null, false),
                1 => new MixedQuery("two words", new SearchQuery($"{one} {two}"), $"{one} {two}", null, false),
                2 => Phrase(corpus[random.Next(corpus.Count)].Title, random),
                3 => new MixedQuery("filtered", new SearchQuery($"{one} status:{status}"), one, status, false),
                _ => new MixedQuery("sorted by date", new SearchQuery(one, Sort: SearchSort.Newest), one, null, true),
            });
        }
        return mix;
    }

    private static MixedQuery Phrase(string title, Random random)
    {
        var words = Words(title).ToList();
        var start = random.Next(Math.Max(1, words.Count - 1));
        var phrase = string.Join(' ', words.Skip(start).Take(2));
        return new MixedQuery("phrase", new SearchQuery($"\"{phrase}\""), $"\"{phrase}\"", null, false);
    }

    private static IEnumerable<string> Words(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => new string(w.Where(char.IsLetter).ToArray()).ToLowerInvariant()).Where(w => w.Length > 0);

    private static int Fts(SqliteConnection connection, MixedQuery query)
    {
        var filter = query.Status is null ? "" : " AND status = $status";
        using var top = connection.CreateCommand();
        top.CommandText = $"SELECT rowid, title, snippet(requests, 1, '<mark>', '</mark>', '…', 30) FROM requests WHERE requests MATCH $q{filter} ORDER BY {(query.Newest ? "created DESC" : "rank")} LIMIT 20";
        top.Parameters.AddWithValue("$q", query.FtsMatch);
        if (query.Status is not null)
        {
            top.Parameters.AddWithValue("$status", query.Status);
        }
        var rows = 0;
        using (var reader = top.ExecuteReader())
        {
            while (reader.Read())
            {
                rows++;
            }
        }
        using var counts = connection.CreateCommand();
        counts.CommandText = $"SELECT status, count(*) FROM requests WHERE requests MATCH $q{filter} GROUP BY status";
        counts.Parameters.AddWithValue("$q", query.FtsMatch);
        if (query.Status is not null)
        {
            counts.Parameters.AddWithValue("$status", query.Status);
        }
        using (var reader = counts.ExecuteReader())
        {
            while (reader.Read())
            {
                rows += reader.GetInt32(1) > 0 ? 0 : 1;
            }
        }
        return rows;
    }

    private static double Time(Func<int> run)
    {
        var clock = Stopwatch.StartNew();
        run();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static void Report(string engine, List<double> times, List<MixedQuery> mix)
    {
        static double P(IEnumerable<double> values, double p)
        {
            var sorted = values.Order().ToList();
            return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{engine}: {times.Count} queries, p50 {P(times, 0.50):0.00} ms, p95 {P(times, 0.95):0.00} ms, p99 {P(times, 0.99):0.00} ms"));
        foreach (var kind in mix.Select(m => m.Kind).Distinct())
        {
            var ofKind = times.Where((_, i) => mix[i].Kind == kind).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {kind,-15} p50 {P(ofKind, 0.50):0.00} ms, p95 {P(ofKind, 0.95):0.00} ms"));
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>English-like requests: a title, the letter, a reply about three times as long, a short follow-up.</summary>
    private static List<SearchableRequest> Generate(int count)
    {
        Randomizer.Seed = new Random(2026);
        var faker = new Faker("en");
        var start = new DateTimeOffset(2008, 1, 1, 0, 0, 0, TimeSpan.Zero);
        string Paragraphs(int sentences)
        {
            var text = new StringBuilder();
            for (var i = 0; i < sentences; i++)
            {
                text.Append(i % 3 == 0 ? faker.Hacker.Phrase() : i % 3 == 1 ? faker.Company.CatchPhrase() + " of the " + faker.Commerce.Department() + " department." : faker.Rant.Review(faker.Commerce.Product()))
                    .Append(i % 4 == 3 ? "\n\n" : " ");
            }
            return text.ToString();
        }
        var requests = new List<SearchableRequest>(count);
        for (var id = 1; id <= count; id++)
        {
            var title = $"{faker.Commerce.Department()} {faker.Hacker.Noun()} {faker.Hacker.IngVerb()} in {faker.Address.County()} {2008 + (id % 18)}";
            var text = $"Dear {faker.Company.CompanyName()},\n\nPlease send me {Paragraphs(6)}\n\nYours faithfully,\n\n{faker.Name.FullName()}\n"
                + $"Dear {faker.Name.FirstName()},\n\n{Paragraphs(18)}\n\nRegards,\n{faker.Name.FullName()}\n"
                + $"Dear {faker.Company.CompanyName()},\n\n{Paragraphs(4)}\n";
            requests.Add(new SearchableRequest(id, $"request-{id}", title, text, [], Statuses[id % Statuses.Length], "", faker.Company.CompanyName(), $"authority-{id % 3000}",
                id % 50_000, faker.Name.FullName(), $"user-{id % 50_000}", start.AddMinutes(id * 9L % 9_000_000)));
        }
        return requests;
    }
}
