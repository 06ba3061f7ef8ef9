using Foi.Common.Data;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Users.Contracts;
using Lucene.Net.Index;

namespace Foi.Modules.Search.Index;

/// <summary>Fills the index from the database, whole (rebuild) or by the changes since its recorded position (catch-up).</summary>
internal sealed class SearchIndexer(
    SearchIndex index,
    ChangeFeed changes,
    IRequestSearchSource requests,
    IRequestActivity activity,
    IUserDirectory users,
    IAuthorityDirectory authorities)
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
            while (await requests.PageAsync(afterId, PageSize, cancellationToken) is { Count: > 0 } page)
            {
                writer.AddDocuments(page.Select(SearchDocuments.ForRequest));
                written += page.Count;
                afterId = page[^1].Id;
                progress?.Report(written);
            }
            afterId = 0;
            while (await users.PublicProfilesAsync(afterId, PageSize, null, cancellationToken) is { Count: > 0 } page)
            {
                var shown = await ShowableAsync(page, cancellationToken);
                writer.AddDocuments(shown.Select(SearchDocuments.ForUser));
                written += shown.Count;
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

    /// <summary>Brings the current index up to date with the change feed; the number of documents replaced or removed.</summary>
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
            var requestIds = batch.Where(c => c.Topic == RequestTopic.Name).Select(c => c.EntityId).Distinct().ToList();
            var currentRequests = await requests.FindAsync(requestIds, cancellationToken);
            // A first request makes a profile showable, so requesters are looked at again too.
            var userIds = batch.Where(c => c.Topic == UserTopic.Name).Select(c => c.EntityId)
                .Concat(currentRequests.Select(r => r.RequesterId)).Distinct().ToList();
            var currentUsers = await ShowableAsync(await users.PublicProfilesAsync(0, userIds.Count, userIds, cancellationToken), cancellationToken);

            var applied = await index.UpdateAsync(writer =>
            {
                // What the database no longer shows is missing from the answers above: deleting it is the whole update.
                foreach (var id in requestIds)
                {
                    writer.DeleteDocuments(new Term(SearchFields.Key, SearchDocuments.RequestKey(id)));
                }
                foreach (var id in userIds)
                {
                    writer.DeleteDocuments(new Term(SearchFields.Key, SearchDocuments.UserKey(id)));
                }
                writer.AddDocuments(currentRequests.Select(SearchDocuments.ForRequest));
                writer.AddDocuments(currentUsers.Select(SearchDocuments.ForUser));
            }, batch[^1].ChangeId, cancellationToken);
            if (!applied)
            {
                break;
            }
            updated += requestIds.Count + userIds.Count;
        }
        return updated;
    }

    /// <summary>Only people who took part (a request or a comment) are findable; empty accounts are spam's favourite.</summary>
    private async Task<IReadOnlyList<PublicProfile>> ShowableAsync(IReadOnlyList<PublicProfile> profiles, CancellationToken cancellationToken)
    {
        if (profiles.Count == 0)
        {
            return profiles;
        }
        var active = await activity.ActiveAmongAsync(profiles.Select(p => p.Id).ToList(), cancellationToken);
        return profiles.Where(p => active.Contains(p.Id)).ToList();
    }
}
