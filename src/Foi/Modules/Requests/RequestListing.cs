using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Users.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Foi.Modules.Requests;

internal sealed class RequestListing(FoiDbContext db, IAuthorityDirectory authorities, IUserDirectory users, Redaction.CensorRules censor, SiteClock clock,
    IMemoryCache counts) : IRequestListing
{
    /// <summary>Lists up to this long are counted on every page; longer ones every <see cref="CountKeptFor"/>.</summary>
    public const int CountedExactlyUpTo = 10_000;

    public static readonly TimeSpan CountKeptFor = TimeSpan.FromMinutes(10);

    public Task<RequestListPage?> ForAuthorityAsync(int authorityId, ListPosition position, int limit, CancellationToken cancellationToken) =>
        PageAsync(db.Set<InfoRequest>().Where(r => r.AuthorityId == authorityId && r.HiddenAt == null), $"authority:{authorityId}", position, limit, cancellationToken);

    public Task<RequestListPage?> ForUserAsync(int userId, ListPosition position, int limit, CancellationToken cancellationToken) =>
        PageAsync(db.Set<InfoRequest>().Where(r => r.UserId == userId && r.HiddenAt == null), $"user:{userId}", position, limit, cancellationToken);

    /// <summary>The latest requests for the home page; those an admin judged vexatious or hid are left out.</summary>
    public async Task<IReadOnlyList<RequestSummary>> LatestAsync(int limit, CancellationToken cancellationToken) =>
        await SummariseAsync((await KeysetAsync(Listed(), ListPosition.First, limit, cancellationToken))!.Rows, cancellationToken);

    /// <summary>One page of <paramref name="query"/>; <paramref name="countKey"/> names the list for its kept count.</summary>
    public async Task<RequestListPage?> PageAsync(IQueryable<InfoRequest> query, string countKey, ListPosition position, int limit, CancellationToken cancellationToken)
    {
        if (await KeysetAsync(query, position, limit, cancellationToken) is not { } page)
        {
            return null;
        }
        var summaries = await SummariseAsync(page.Rows, cancellationToken);
        return new RequestListPage(summaries, page.Newer, page.Older, await CountAsync(query, countKey, cancellationToken));
    }

    public IQueryable<InfoRequest> Listed() => db.Set<InfoRequest>().Where(r => r.State != RequestState.Vexatious && r.HiddenAt == null);

    internal sealed record Keyset(IReadOnlyList<InfoRequest> Rows, int? Newer, int? Older);

    /// <summary>
    /// Keyset paging on (made, id), newest first: a page starts just past the request at its edge, at any depth, through
    /// the indexes that begin with the list's filter and end with the date. Null when that request does not exist.
    /// </summary>
    /// <remarks>Paging on the id alone looked as fast until a date filter met a cursor outside it, and then read the whole table.</remarks>
    public async Task<Keyset?> KeysetAsync(IQueryable<InfoRequest> query, ListPosition position, int limit, CancellationToken cancellationToken)
    {
        var edge = position.Before ?? position.After;
        if (edge is not { } edgeId)
        {
            var first = await query.AsNoTracking().OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(limit + 1).ToListAsync(cancellationToken);
            return new Keyset(first.Take(limit).ToList(), null, first.Count > limit ? first[limit - 1].Id : null);
        }
        // The edge's date is a subquery, run once by the database: a later page costs one query, like the first.
        var edgeAt = db.Set<InfoRequest>().Where(r => r.Id == edgeId).Select(r => r.CreatedAt);
        Keyset page;
        if (position.Before is not null)
        {
            // The first condition is the index's range; the second breaks ties between requests made at the same moment.
            var older = await query.AsNoTracking().Where(r => r.CreatedAt <= edgeAt.First() && (r.CreatedAt < edgeAt.First() || r.Id < edgeId))
                .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(limit + 1).ToListAsync(cancellationToken);
            var rows = older.Take(limit).ToList();
            page = new Keyset(rows, rows.Count > 0 ? rows[0].Id : null, older.Count > limit ? rows[^1].Id : null);
        }
        else
        {
            var newer = await query.AsNoTracking().Where(r => r.CreatedAt >= edgeAt.First() && (r.CreatedAt > edgeAt.First() || r.Id > edgeId))
                .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Take(limit + 1).ToListAsync(cancellationToken);
            var shown = newer.Take(limit).Reverse().ToList();
            page = new Keyset(shown, newer.Count > limit ? shown[0].Id : null, shown.Count > 0 ? shown[^1].Id : null);
        }
        // An empty page past a request that does not exist is a link this site never gave.
        return page.Rows.Count > 0 || await db.Set<InfoRequest>().AnyAsync(r => r.Id == edgeId, cancellationToken) ? page : null;
    }

    /// <summary>
    /// Short lists are counted exactly, reading at most <see cref="CountedExactlyUpTo"/> index entries. Counting a
    /// long one reads all of it (a fifth of a second for a million requests), so its number is kept for a while.
    /// </summary>
    private async Task<RequestCount> CountAsync(IQueryable<InfoRequest> query, string key, CancellationToken cancellationToken)
    {
        // A list found long once is long still: its kept number answers without reading ten thousand entries again.
        var cacheKey = ("request-count", key);
        if (counts.TryGetValue(cacheKey, out int kept))
        {
            return new RequestCount(kept, Approximate: true);
        }
        // In the list's own order, so the database reads the list's index as the page did.
        var bounded = await query.OrderByDescending(r => r.CreatedAt).Take(CountedExactlyUpTo + 1).CountAsync(cancellationToken);
        if (bounded <= CountedExactlyUpTo)
        {
            return new RequestCount(bounded, Approximate: false);
        }
        kept = await query.CountAsync(cancellationToken);
        counts.Set(cacheKey, kept, CountKeptFor);
        return new RequestCount(kept, Approximate: true);
    }

    private async Task<IReadOnlyList<RequestSummary>> SummariseAsync(IReadOnlyList<InfoRequest> requests, CancellationToken cancellationToken)
    {
        var authorityById = await authorities.FindManyAsync(requests.Select(r => r.AuthorityId).Distinct().ToList(), cancellationToken);
        var userById = await users.FindManyAsync(requests.Select(r => r.UserId).Distinct().ToList(), cancellationToken);
        var today = clock.Today;
        var rules = await censor.CurrentAsync(cancellationToken);
        return requests.Select(r =>
        {
            var authority = authorityById.GetValueOrDefault(r.AuthorityId);
            var user = userById.GetValueOrDefault(r.UserId);
            return new RequestSummary(
                r.Id, r.Slug, rules.For(r).Apply(r.Title),
                authority?.Name ?? "(unknown authority)", authority?.Slug ?? "",
                user?.Name ?? "(unknown user)", user?.Slug ?? "",
                RequestStateLabels.Label(r, today), r.CreatedAt);
        }).ToList();
    }
}
