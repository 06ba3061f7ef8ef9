using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Foi.Modules.Search.Index;

// The collectors the site's search passes every match through; see SiteSearch.Search.

/// <summary>A collector that can say which documents it kept.</summary>
internal interface ITopDocsSource : ICollector
{
    TopDocs TopDocs();
}

internal sealed class RelevanceCollector(TopScoreDocCollector best) : ITopDocsSource
{
    public bool AcceptsDocsOutOfOrder => best.AcceptsDocsOutOfOrder;

    public void SetScorer(Scorer scorer) => best.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context) => best.SetNextReader(context);

    public void Collect(int doc) => best.Collect(doc);

    public TopDocs TopDocs() => best.GetTopDocs();
}

/// <summary>
/// Keeps the newest matches by creation time, reading dates from <see cref="SegmentColumns"/> (plain arrays, which
/// Lucene's own sorting collector cannot use). Documents are added as they are made, so matches arrive mostly oldest
/// first and nearly every one would enter a priority queue; instead, matches newer than the current cut-off are
/// appended to a buffer, and a full buffer is cut back to the newest few with a selection.
/// </summary>
internal sealed class NewestCollector(int wanted) : ITopDocsSource
{
    private readonly long[] times = new long[Math.Max(8 * wanted, 4096)];
    private readonly int[] docs = new int[Math.Max(8 * wanted, 4096)];
    private int buffered;
    private bool cut;
    private long cutOff;
    private long[] created = [];
    private int docBase;
    private int totalHits;

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        created = SegmentColumns.Of(context.AtomicReader).Created;
        docBase = context.DocBase;
    }

    public void Collect(int doc)
    {
        totalHits++;
        // Authorities and people have no date (0): they come last, as in Lucene's own sort.
        var time = created[doc];
        if (cut && time <= cutOff)
        {
            return;
        }
        times[buffered] = time;
        docs[buffered] = docBase + doc;
        if (++buffered == times.Length)
        {
            KeepNewest();
        }
    }

    public TopDocs TopDocs()
    {
        KeepNewest();
        var order = Enumerable.Range(0, buffered).OrderByDescending(i => times[i]).ThenBy(i => docs[i]);
        return new TopDocs(totalHits, order.Select(i => new ScoreDoc(docs[i], float.NaN)).ToArray(), float.NaN);
    }

    /// <summary>Moves the newest <c>wanted</c> to the front (quickselect) and forgets the rest.</summary>
    private void KeepNewest()
    {
        if (buffered <= wanted)
        {
            return;
        }
        var (low, high) = (0, buffered - 1);
        while (low < high)
        {
            var pivot = times[(low + high) >>> 1];
            var (i, j) = (low, high);
            while (i <= j)
            {
                while (times[i] > pivot) { i++; }
                while (times[j] < pivot) { j--; }
                if (i <= j)
                {
                    (times[i], times[j]) = (times[j], times[i]);
                    (docs[i], docs[j]) = (docs[j], docs[i]);
                    i++;
                    j--;
                }
            }
            if (wanted - 1 <= j) { high = j; }
            else if (wanted - 1 >= i) { low = i; }
            else { break; }
        }
        buffered = wanted;
        cut = true;
        cutOff = times[..wanted].Min();
    }
}

/// <summary>
/// Counts matches per kind and per request status while Lucene walks them, and passes the matches of the chosen
/// kind on to <paramref name="top"/>. Counting is by each segment's ordinal numbers, turned into names once per
/// segment, because a common word matches most of the index and per-match string work dominated the search time.
/// </summary>
internal sealed class CountingCollector(ITopDocsSource top, string? kind) : ICollector
{
    private readonly Dictionary<string, int> kinds = [];
    private readonly Dictionary<string, int> statuses = [];
    private SegmentColumns? segment;
    private int[] kindCounts = [];
    private int[] statusCounts = [];
    private int wantedKind = -1;

    public IReadOnlyDictionary<string, int> Kinds => kinds;

    public IReadOnlyDictionary<string, int> Statuses => statuses;

    public bool AcceptsDocsOutOfOrder => top.AcceptsDocsOutOfOrder;

    public void SetScorer(Scorer scorer) => top.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        Finish();
        segment = SegmentColumns.Of(context.AtomicReader);
        kindCounts = new int[segment.KindNames.Length];
        statusCounts = new int[segment.StatusNames.Length];
        wantedKind = kind is null ? -1 : Array.IndexOf(segment.KindNames, kind);
        top.SetNextReader(context);
    }

    public void Collect(int doc)
    {
        var ofKind = segment!.KindOrdinals[doc];
        if (ofKind >= 0)
        {
            kindCounts[ofKind]++;
        }
        var status = segment.StatusOrdinals[doc];
        if (status >= 0)
        {
            statusCounts[status]++;
        }
        if (kind is null || (ofKind >= 0 && ofKind == wantedKind))
        {
            top.Collect(doc);
        }
    }

    /// <summary>Adds the last segment's counts to the totals; call once the search has returned.</summary>
    public void Finish()
    {
        if (segment is null)
        {
            return;
        }
        AddUp(kindCounts, segment.KindNames, kinds);
        AddUp(statusCounts, segment.StatusNames, statuses);
        segment = null;
    }

    private static void AddUp(int[] counts, string[] names, Dictionary<string, int> totals)
    {
        for (var ordinal = 0; ordinal < counts.Length; ordinal++)
        {
            if (counts[ordinal] > 0)
            {
                totals[names[ordinal]] = totals.GetValueOrDefault(names[ordinal]) + counts[ordinal];
            }
        }
    }
}
