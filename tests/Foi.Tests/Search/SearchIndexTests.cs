using Foi.Common.Site;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Search;
using Foi.Modules.Search.Index;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;

namespace Foi.Tests.Search;

/// <summary>The index and its collectors on their own, against answers worked out with LINQ over the same requests.</summary>
internal sealed class SearchIndexTests
{
    private static readonly string[] Statuses = ["waiting_response", "successful", "rejected"];
    private string directory = "";
    private SearchIndex index = null!;
    private List<SearchableRequest> requests = [];

    [OneTimeSetUp]
    public async Task BuildAsync()
    {
        directory = Path.Combine(Path.GetTempPath(), "foi-index-" + Guid.NewGuid().ToString("N"));
        index = new SearchIndex(new DataDirectory(directory), NullLogger<SearchIndex>.Instance);
        var random = new Random(11);
        var start = new DateTimeOffset(2010, 1, 1, 0, 0, 0, TimeSpan.Zero);
        // Distinct times in a shuffled order, so the newest are spread over the index rather than at its end.
        var minutes = Enumerable.Range(0, 30_000).OrderBy(_ => random.Next()).ToList();
        requests = minutes.Select((minute, i) => new SearchableRequest(
            i + 1, $"r-{i + 1}", $"Parking permits {(i % 3 == 0 ? "zebra" : "lion")}", "Dear council, please send the figures.", [],
            Statuses[i % Statuses.Length], "", "Council", "council", 1, "Someone", "someone", start.AddMinutes(minute))).ToList();
        await index.RebuildAsync(writer =>
        {
            writer.AddDocuments(requests.Select(SearchDocuments.ForRequest));
            return Task.CompletedTask;
        }, 0, CancellationToken.None);
    }

    [OneTimeTearDown]
    public void Remove()
    {
        index.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(400)]
    public void Newest_first_pages_match_the_requests_sorted_by_date(int page)
    {
        var results = new SiteSearch(index).Search(new SearchQuery("zebra", Sort: SearchSort.Newest, Page: page));

        var expected = requests.Where(r => r.Title.Contains("zebra", StringComparison.Ordinal))
            .OrderByDescending(r => r.CreatedAt).Skip((page - 1) * SearchQuery.PageSize).Take(SearchQuery.PageSize)
            .Select(r => $"/request/{r.Slug}").ToList();
        results.Hits.Select(h => h.Url).ShouldBe(expected);
        results.Total.ShouldBe(10_000);
    }

    [Test]
    public void Counts_per_status_and_kind_match_the_requests()
    {
        var results = new SiteSearch(index).Search(new SearchQuery("lion"));

        var lions = requests.Where(r => r.Title.Contains("lion", StringComparison.Ordinal)).ToList();
        results.Total.ShouldBe(lions.Count);
        results.KindCounts.ShouldBe(new Dictionary<string, int> { [SearchKinds.Request] = lions.Count });
        results.StatusCounts.ShouldBe(lions.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count()), ignoreOrder: true);
        results.Hits.Count.ShouldBe(SearchQuery.PageSize);
    }

    [Test]
    public void A_date_range_takes_whole_days_of_the_site_time_zone()
    {
        var (from, to) = (new DateOnly(2010, 1, 21), new DateOnly(2010, 1, 22)); // the last days of the corpus
        int Expected(TimeZoneInfo zone) => requests.Count(r => r.Title.Contains("zebra", StringComparison.Ordinal)
            && DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.CreatedAt, zone).DateTime) is var day && day >= from && day <= to);
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Expected(berlin).ShouldNotBe(Expected(TimeZoneInfo.Utc)); // the hour between the zones moves requests across the edges

        foreach (var zone in new[] { TimeZoneInfo.Utc, berlin })
        {
            new SiteSearch(index, zone).Search(new SearchQuery("zebra", From: from, To: to)).Total.ShouldBe(Expected(zone), zone.Id);
        }
    }

    [Test]
    public void A_kind_with_no_documents_finds_nothing_but_still_counts_the_others()
    {
        var results = new SiteSearch(index).Search(new SearchQuery("zebra", Kind: SearchKinds.User));

        results.Total.ShouldBe(0);
        results.Hits.ShouldBeEmpty();
        results.KindCounts[SearchKinds.Request].ShouldBe(10_000);
    }

    [Test]
    public void An_index_built_in_another_language_is_not_ready_so_the_site_rebuilds_it()
    {
        using var german = new SearchIndex(new DataDirectory(directory), NullLogger<SearchIndex>.Instance, "de");

        german.IsReady.ShouldBeFalse();
        index.IsReady.ShouldBeTrue();
    }

    [Test]
    public void An_unknown_language_is_refused_naming_the_known_ones() =>
        Should.Throw<InvalidOperationException>(() => new SearchIndex(new DataDirectory(directory), NullLogger<SearchIndex>.Instance, "xx"))
            .Message.ShouldContain("use one of en, de, fr");

    [Test]
    public async Task A_German_site_finds_a_plural_by_its_singular()
    {
        var german = Path.Combine(Path.GetTempPath(), "foi-index-de-" + Guid.NewGuid().ToString("N"));
        var index = new SearchIndex(new DataDirectory(german), NullLogger<SearchIndex>.Instance, "de");
        try
        {
            await index.RebuildAsync(writer =>
            {
                writer.AddDocument(SearchDocuments.ForRequest(new SearchableRequest(
                    1, "antraege", "Anträge auf Straßenreinigung", "Sehr geehrte Damen und Herren", [], "successful", "", "Stadt", "stadt", 1, "Jemand", "jemand", DateTimeOffset.UnixEpoch)));
                return Task.CompletedTask;
            }, 0, CancellationToken.None);

            new SiteSearch(index).Search(new SearchQuery("Antrag")).Total.ShouldBe(1);
            new SiteSearch(index).Search(new SearchQuery("und")).Total.ShouldBe(0); // a German stop word
        }
        finally
        {
            index.Dispose();
            Directory.Delete(german, recursive: true);
        }
    }

    [Test]
    public void An_index_written_with_an_older_layout_of_fields_is_not_ready_so_the_site_rebuilds_it()
    {
        var old = Path.Combine(Path.GetTempPath(), "foi-index-old-" + Guid.NewGuid().ToString("N"));
        try
        {
            // As an earlier version wrote it: a readable index whose commit does not name the current layout.
            using (var directory = Lucene.Net.Store.FSDirectory.Open(Path.Combine(old, "search", "index-1")))
            using (var writer = new Lucene.Net.Index.IndexWriter(directory, new Lucene.Net.Index.IndexWriterConfig(SearchIndex.Version, index.Analyzer)))
            {
                writer.AddDocument(SearchDocuments.ForRequest(requests[0]));
                writer.SetCommitData(new Dictionary<string, string> { ["changes_through"] = "0", ["language"] = "en" });
                writer.Commit();
            }
            File.WriteAllText(Path.Combine(old, "search", "CURRENT"), "index-1");
            using var reopened = new SearchIndex(new DataDirectory(old), NullLogger<SearchIndex>.Instance);

            reopened.ChangesThrough().ShouldBe(0);
            reopened.IsReady.ShouldBeFalse();
        }
        finally
        {
            Directory.Delete(old, recursive: true);
        }
    }
}
