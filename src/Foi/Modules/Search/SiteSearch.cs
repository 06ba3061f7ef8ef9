using System.Globalization;
using System.Net;
using System.Text;
using Foi.Modules.Search.Index;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Util;

namespace Foi.Modules.Search;

internal enum SearchSort
{
    Relevance,
    Newest,
}

/// <summary>
/// What someone searched for. Kept as plain data so a saved search ("tell me about new results") can store and
/// re-run it later.
/// </summary>
internal sealed record SearchQuery(string Text, string? Kind = null, DateOnly? From = null, DateOnly? To = null, SearchSort Sort = SearchSort.Relevance, int Page = 1)
{
    public const int PageSize = 20;
    public const int MaxLength = 500;
}

internal sealed record SearchHit(string Kind, string Title, string Url, string SnippetHtml, string? StatusLabel, string? AuthorityName, string? RequesterName, DateTimeOffset? CreatedAt);

/// <param name="Hits">This page of results.</param>
/// <param name="Total">All matches of the chosen kind.</param>
/// <param name="KindCounts">Matches per kind, for the tabs.</param>
/// <param name="StatusCounts">Matching requests per status.</param>
/// <param name="Note">Said when part of the query was ignored; null otherwise.</param>
/// <param name="IndexReady">False while the index is being built for the first time.</param>
internal sealed record SearchResults(
    IReadOnlyList<SearchHit> Hits,
    int Total,
    IReadOnlyDictionary<string, int> KindCounts,
    IReadOnlyDictionary<string, int> StatusCounts,
    string? Note,
    bool IndexReady);

/// <param name="index">The index searched.</param>
/// <param name="zone">The site's time zone, in which a date range's days begin and end; UTC when not given.</param>
internal sealed class SiteSearch(SearchIndex index, TimeZoneInfo? zone = null) : Contracts.ISavedSearches
{
    private const int SnippetLength = 220;

    public SearchResults Search(SearchQuery query)
    {
        var (parsed, note) = Parse(query.Text);
        var filtered = new BooleanQuery { { parsed, Occur.MUST } };
        if (query.From is not null || query.To is not null)
        {
            long? from = query.From is { } first ? StartOf(first) : null;
            long? to = query.To is { } last ? StartOf(last.AddDays(1)) - 1 : null;
            filtered.Add(NumericRangeQuery.NewInt64Range(SearchFields.Created, from, to, true, true), Occur.MUST);
        }
        var results = index.Read(searcher =>
        {
            var page = Math.Clamp(query.Page, 1, 500);
            var wanted = page * SearchQuery.PageSize;
            // Newest first needs no relevance scores, so none are computed.
            var (run, top) = query.Sort == SearchSort.Newest
                ? ((Query)new ConstantScoreQuery(filtered), (ITopDocsSource)new NewestCollector(wanted))
                : (filtered, new RelevanceCollector(TopScoreDocCollector.Create(wanted, docsScoredInOrder: false)));
            // One pass over the matches both counts them per kind and status and keeps the best of the chosen kind.
            var counts = new CountingCollector(top, query.Kind);
            searcher.Search(run, counts);
            counts.Finish();
            var found = top.TopDocs();
            var highlighter = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), new SimpleHTMLEncoder(), new QueryScorer(parsed))
            {
                TextFragmenter = new SimpleFragmenter(SnippetLength),
            };
            var hits = found.ScoreDocs.Skip((page - 1) * SearchQuery.PageSize)
                .Select(scoreDoc => ToHit(searcher.Doc(scoreDoc.Doc), highlighter)).ToList();
            return new SearchResults(hits, found.TotalHits, counts.Kinds, counts.Statuses, note, IndexReady: true);
        });
        return results ?? new SearchResults([], 0, new Dictionary<string, int>(), new Dictionary<string, int>(), note, IndexReady: false);
    }

    public IReadOnlySet<int> RequestsMatching(string query, IReadOnlyCollection<int> requestIds)
    {
        if (requestIds.Count == 0)
        {
            return new HashSet<int>();
        }
        var (parsed, _) = Parse(query);
        var among = new Lucene.Net.Queries.TermsFilter(requestIds.Select(id => new Term(SearchFields.Key, SearchDocuments.RequestKey(id))).ToList());
        var run = new FilteredQuery(new BooleanQuery { { parsed, Occur.MUST }, { new TermQuery(new Term(SearchFields.Kind, SearchKinds.Request)), Occur.MUST } }, among);
        return index.Read(searcher => searcher.Search(run, requestIds.Count).ScoreDocs
                .Select(d => searcher.Doc(d.Doc).Get(SearchFields.Key, CultureInfo.InvariantCulture))
                .Select(key => int.Parse(key["request:".Length..], CultureInfo.InvariantCulture))
                .ToHashSet())
            ?? [];
    }

    /// <summary>
    /// Requests whose words resemble a title being written: first those to the same authority, then the rest.
    /// Any of the title's words may match (stemmed, stop words dropped); the best matches come first.
    /// </summary>
    public (IReadOnlyList<SearchHit> ToAuthority, IReadOnlyList<SearchHit> Elsewhere) Similar(string? title, string? authoritySlug, int limit)
    {
        var cleaned = WithoutControlCharacters(title);
        if (cleaned.Length < 4)
        {
            return ([], []);
        }
        if (cleaned.Length > SearchQuery.MaxLength)
        {
            cleaned = cleaned[..SearchQuery.MaxLength];
        }
        var parser = new MultiFieldQueryParser(SearchIndex.Version, [SearchFields.Title, SearchFields.Text], index.Analyzer) { DefaultOperator = Operator.OR };
        var words = parser.Parse(QueryParserBase.Escape(cleaned.ToLowerInvariant()));
        if (words is BooleanQuery { Clauses.Count: 0 })
        {
            return ([], []);
        }
        var isRequest = new TermQuery(new Term(SearchFields.Kind, SearchKinds.Request));
        var sameAuthority = new TermQuery(new Term(SearchFields.Authority, (authoritySlug ?? "").ToLowerInvariant()));
        var found = index.Read(searcher =>
        {
            var highlighter = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), new SimpleHTMLEncoder(), new QueryScorer(words)) { TextFragmenter = new SimpleFragmenter(SnippetLength) };
            List<SearchHit> Find(Occur authority) =>
                searcher.Search(new BooleanQuery { { words, Occur.MUST }, { isRequest, Occur.MUST }, { sameAuthority, authority } }, limit)
                    .ScoreDocs.Select(d => ToHit(searcher.Doc(d.Doc), highlighter)).ToList();
            return new[] { Find(Occur.MUST), Find(Occur.MUST_NOT) };
        });
        return found is null ? ([], []) : (found[0], found[1]);
    }

    /// <summary>
    /// Reads the query syntax people know (quotes, AND/OR/NOT, field:value). When it does not parse, the words are
    /// searched as plain words instead, and the note says so: a search box never answers with an error.
    /// </summary>
    internal (Query Query, string? Note) Parse(string? text)
    {
        var notes = new List<string>();
        var cleaned = WithoutControlCharacters(text);
        if (cleaned.Length > SearchQuery.MaxLength)
        {
            cleaned = cleaned[..SearchQuery.MaxLength];
            notes.Add($"Only the first {SearchQuery.MaxLength} characters were searched.");
        }
        if (cleaned.Length == 0)
        {
            return (new MatchAllDocsQuery(), notes.FirstOrDefault());
        }
        var parser = new MultiFieldQueryParser(SearchIndex.Version, SearchFields.FullText, index.Analyzer)
        {
            DefaultOperator = Operator.AND,
            AllowLeadingWildcard = false,
        };
        Query query;
        try
        {
            query = parser.Parse(cleaned);
        }
        catch (ParseException)
        {
            // Lower case turns stray AND/OR/NOT into ordinary (stop) words; escaping neutralises the rest.
            query = parser.Parse(QueryParserBase.Escape(cleaned.ToLowerInvariant()));
            notes.Add("The search syntax was not understood, so the words were searched on their own.");
        }
        if (query is BooleanQuery { Clauses.Count: 0 })
        {
            // Only stop words or punctuation: nothing can match, which is the honest answer.
            query = new BooleanQuery { { new TermQuery(new Term(SearchFields.Kind, "-")), Occur.MUST } };
        }
        return (query, notes.Count == 0 ? null : string.Join(' ', notes));
    }

    /// <summary>When a day of the site's calendar begins, in Unix milliseconds.</summary>
    private long StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(midnight, (zone ?? TimeZoneInfo.Utc).GetUtcOffset(midnight)).ToUnixTimeMilliseconds();
    }

    private static string WithoutControlCharacters(string? text) =>
        new string((text ?? "").Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();

    private SearchHit ToHit(Document document, Highlighter highlighter)
    {
        var kind = document.Get(SearchFields.Kind, CultureInfo.InvariantCulture);
        var title = document.Get(SearchFields.Title, CultureInfo.InvariantCulture);
        var snippet = BestFragment(highlighter, SearchFields.Text, document.Get(SearchFields.Text, CultureInfo.InvariantCulture))
            ?? document.GetValues(SearchFields.Attachments, CultureInfo.InvariantCulture).Select(text => BestFragment(highlighter, SearchFields.Attachments, text)).FirstOrDefault(f => f is not null)
            ?? WebUtility.HtmlEncode(Shorten(document.Get(SearchFields.Text, CultureInfo.InvariantCulture) ?? ""));
        var created = document.GetField(SearchFields.Created)?.GetInt64Value();
        return new SearchHit(
            kind, title, document.Get(SearchFields.Url, CultureInfo.InvariantCulture), snippet,
            document.Get(SearchFields.StatusLabel, CultureInfo.InvariantCulture), document.Get(SearchFields.AuthorityName, CultureInfo.InvariantCulture), document.Get(SearchFields.RequesterName, CultureInfo.InvariantCulture),
            created is { } milliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null);
    }

    private string? BestFragment(Highlighter highlighter, string field, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        try
        {
            return highlighter.GetBestFragment(index.Analyzer, field, text);
        }
        catch (InvalidTokenOffsetsException)
        {
            return null;
        }
    }

    private static string Shorten(string text)
    {
        var flat = new StringBuilder(text.Length).Append(text).Replace('\n', ' ').Replace('\r', ' ').ToString().Trim();
        return flat.Length <= SnippetLength ? flat : flat[..SnippetLength] + "…";
    }
}
