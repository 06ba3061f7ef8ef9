using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.Contracts;
using Lucene.Net.Index;

namespace Foi.Modules.Search.Index;

/// <summary>Fills a new index from the database: every public request, then every authority.</summary>
internal sealed class SearchIndexer(SearchIndex index, IRequestSearchSource requests, IRequestChangeFeed changes, IAuthorityDirectory authorities)
{
    private const int PageSize = 500;

    /// <summary>Rebuilds the whole index and swaps it in; reports the documents written so far.</summary>
    public async Task<int> RebuildAsync(IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var written = 0;
        // Changes made while the rebuild runs come after this position, so the catch-up replays them onto the new index.
        var changesThrough = await changes.LatestAsync(cancellationToken);
        await index.RebuildAsync(async writer =>
        {
            var afterId = 0;
            while (true)
            {
                var page = await requests.PageAsync(afterId, PageSize, cancellationToken);
                if (page.Count == 0)
                {
                    break;
                }
                writer.AddDocuments(page.Select(SearchDocuments.ForRequest));
                written += page.Count;
                afterId = page[^1].Id;
                progress?.Report(written);
            }
            foreach (var authority in await authorities.SearchAsync(null, int.MaxValue, cancellationToken))
            {
                writer.AddDocument(SearchDocuments.ForAuthority(authority));
                written++;
            }
            progress?.Report(written);
        }, changesThrough, cancellationToken);
        return written;
    }

    /// <summary>Brings the current index up to date with the request change feed; the number of requests updated.</summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        var updated = 0;
        while (index.ChangesThrough() is { } position)
        {
            var batch = await changes.AfterAsync(position, 1000, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            var ids = batch.Select(c => c.RequestId).Distinct().ToList();
            var current = await requests.FindAsync(ids, cancellationToken);
            var applied = await index.UpdateAsync(writer =>
            {
                // A request missing from the answer was hidden or deleted: removing it is the whole update.
                foreach (var id in ids)
                {
                    writer.DeleteDocuments(new Term(SearchFields.Key, SearchDocuments.RequestKey(id)));
                }
                writer.AddDocuments(current.Select(SearchDocuments.ForRequest));
            }, batch[^1].ChangeId, cancellationToken);
            if (!applied)
            {
                break;
            }
            updated += ids.Count;
        }
        return updated;
    }
}
