using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.Contracts;

namespace Foi.Modules.Search.Index;

/// <summary>Fills a new index from the database: every public request, then every authority.</summary>
internal sealed class SearchIndexer(SearchIndex index, IRequestSearchSource requests, IAuthorityDirectory authorities)
{
    private const int PageSize = 500;

    /// <summary>Rebuilds the whole index and swaps it in; reports the documents written so far.</summary>
    public async Task<int> RebuildAsync(IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var written = 0;
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
        }, cancellationToken);
        return written;
    }
}
