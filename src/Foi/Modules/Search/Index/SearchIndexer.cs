using System.Globalization;
using Foi.Common.Data;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Users.Contracts;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Foi.Modules.Search.Index;

/// <summary>Fills the index from the database, whole (rebuild) or by the changes since its recorded position (catch-up).</summary>
internal sealed class SearchIndexer(
    SearchIndex index,
    ChangeFeed changes,
    IRequestSearchSource requests,
    IRequestActivity activity,
    IUserDirectory users,
    IAuthoritySearchSource authorities,
    TimeProvider time,
    ILogger<SearchIndexer> logger)
{
    private const int PageSize = 500;
    private const int ChangesPerRound = 1000;

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
            afterId = 0;
            while (await authorities.PageAsync(afterId, PageSize, cancellationToken) is { Count: > 0 } page)
            {
                writer.AddDocuments(page.Select(SearchDocuments.ForAuthority));
                written += page.Count;
                afterId = page[^1].Id;
                progress?.Report(written);
            }
        }, changesThrough, cancellationToken);
        return written;
    }

    /// <summary>Brings the current index up to date with the change feed; the number of documents replaced or removed.</summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        var updated = 0;
        while (index.ChangesThrough() is { } position)
        {
            if (await changes.OldestAsync(cancellationToken) is { } oldest && oldest > position + 1)
            {
                // Changes after this index's position were pruned before it read them (the node was down too long):
                // only a rebuild is complete.
                logger.LogWarning("Search index is at change {Position} but the feed starts at {Oldest}; rebuilding", position, oldest);
                return updated + await RebuildAsync(null, cancellationToken);
            }
            var batch = await changes.AfterAsync(position, ChangesPerRound, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            var through = ChangeFeed.SafePosition(position, batch, time.GetUtcNow());
            // Changes after a gap were applied on an earlier round; applying them again each round until the gap
            // closes would rewrite the same documents and empty the cached search pages every time.
            var fresh = batch.Where(c => !index.AppliedPastGap.Contains(position, c.ChangeId)).ToList();
            if (fresh.Count == 0 && through == position)
            {
                break;
            }
            var applied = await ApplyAsync(fresh, position, through, cancellationToken);
            if (applied is null)
            {
                break;
            }
            index.AppliedPastGap.Remember(position, through, fresh.Select(c => c.ChangeId));
            updated += applied.Value;
            if (through == position)
            {
                // A change before the rest is still being written: wait for it rather than skip it.
                break;
            }
        }
        return updated;
    }

    /// <summary>Replaces or removes every document the changes touch, then records <paramref name="through"/>; null without an index.</summary>
    private async Task<int?> ApplyAsync(IReadOnlyList<ChangeEntry> batch, long position, long through, CancellationToken cancellationToken)
    {
        IReadOnlyList<int> Ids(string topic) => batch.Where(c => c.Topic == topic).Select(c => c.EntityId).Distinct().ToList();
        var authorityIds = Ids(AuthorityTopic.Name);
        // Request documents carry their authority's name and slug, and their requester's, so an edited authority's
        // requests are redone, and a renamed person's.
        var renamed = await RenamedAsync(Ids(UserTopic.Name), cancellationToken);
        var changedRequests = Ids(RequestTopic.Name).ToHashSet();
        var requestIds = changedRequests
            .Concat(authorityIds.Count == 0 ? [] : await requests.IdsToAuthoritiesAsync(authorityIds, cancellationToken))
            .Concat(renamed.Count == 0 ? [] : await requests.IdsByRequestersAsync(renamed, cancellationToken))
            .Distinct().ToList();
        var requesterIds = new HashSet<int>();
        foreach (var chunk in requestIds.Chunk(PageSize))
        {
            var current = await requests.FindAsync(chunk, cancellationToken);
            // A first request makes a profile showable; requests only redone for a name cannot, so their requesters are left.
            requesterIds.UnionWith(current.Where(r => changedRequests.Contains(r.Id)).Select(r => r.RequesterId));
            var done = await index.UpdateAsync(writer =>
            {
                // What the database no longer shows is missing from the answer: deleting it is the whole update.
                foreach (var id in chunk)
                {
                    writer.DeleteDocuments(new Term(SearchFields.Key, SearchDocuments.RequestKey(id)));
                }
                writer.AddDocuments(current.Select(SearchDocuments.ForRequest));
            }, position, cancellationToken);
            if (!done)
            {
                return null;
            }
        }
        var userIds = Ids(UserTopic.Name).Concat(requesterIds).Distinct().ToList();
        var currentUsers = await ShowableAsync(await users.PublicProfilesAsync(0, userIds.Count, userIds, cancellationToken), cancellationToken);
        var currentAuthorities = await authorities.FindAsync(authorityIds, cancellationToken);
        var applied = await index.UpdateAsync(writer =>
        {
            foreach (var id in userIds)
            {
                writer.DeleteDocuments(new Term(SearchFields.Key, SearchDocuments.UserKey(id)));
            }
            foreach (var id in authorityIds)
            {
                writer.DeleteDocuments(new Term(SearchFields.Key, SearchDocuments.AuthorityKey(id)));
            }
            writer.AddDocuments(currentUsers.Select(SearchDocuments.ForUser));
            writer.AddDocuments(currentAuthorities.Select(SearchDocuments.ForAuthority));
        }, through, cancellationToken);
        return applied ? requestIds.Count + userIds.Count + authorityIds.Count : null;
    }

    /// <summary>The people whose name or profile slug differs from the one on their requests in the index.</summary>
    private async Task<IReadOnlyList<int>> RenamedAsync(IReadOnlyList<int> userIds, CancellationToken cancellationToken)
    {
        if (userIds.Count == 0)
        {
            return [];
        }
        var current = await users.FindManyAsync(userIds, cancellationToken);
        return index.Read(searcher => userIds.Where(id =>
        {
            var top = searcher.Search(new TermQuery(new Term(SearchFields.RequesterId, id.ToString(CultureInfo.InvariantCulture))), 1);
            if (top.TotalHits == 0 || !current.TryGetValue(id, out var user))
            {
                return false;
            }
            var indexed = searcher.Doc(top.ScoreDocs[0].Doc);
            return indexed.Get(SearchFields.RequesterName, CultureInfo.InvariantCulture) != user.Name
                || !string.Equals(indexed.Get(SearchFields.RequestedBy, CultureInfo.InvariantCulture), user.Slug, StringComparison.OrdinalIgnoreCase);
        }).ToList()) ?? [];
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
