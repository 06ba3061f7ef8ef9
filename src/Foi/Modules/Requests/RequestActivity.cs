using Foi.Common.Data;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests;

internal sealed class RequestActivity(FoiDbContext db) : IRequestActivity
{
    public async Task<UserActivity> OfAsync(int userId, CancellationToken cancellationToken) => new(
        await db.Set<InfoRequest>().CountAsync(r => r.UserId == userId, cancellationToken),
        await db.Set<Comment>().CountAsync(c => c.UserId == userId, cancellationToken));

    public async Task<bool> AnyAsync(int userId, CancellationToken cancellationToken) =>
        await db.Set<InfoRequest>().AnyAsync(r => r.UserId == userId, cancellationToken)
        || await db.Set<Comment>().AnyAsync(c => c.UserId == userId, cancellationToken);

    public async Task<IReadOnlyDictionary<int, UserActivity>> OfManyAsync(IReadOnlyCollection<int> userIds, CancellationToken cancellationToken)
    {
        var requests = await db.Set<InfoRequest>().Where(r => userIds.Contains(r.UserId)).GroupBy(r => r.UserId)
            .Select(g => new { UserId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.UserId, g => g.Count, cancellationToken);
        var comments = await db.Set<Comment>().Where(c => userIds.Contains(c.UserId)).GroupBy(c => c.UserId)
            .Select(g => new { UserId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.UserId, g => g.Count, cancellationToken);
        return requests.Keys.Union(comments.Keys)
            .ToDictionary(id => id, id => new UserActivity(requests.GetValueOrDefault(id), comments.GetValueOrDefault(id)));
    }

    public async Task<UserActivity> SinceAsync(int userId, DateTimeOffset since, CancellationToken cancellationToken) => new(
        await db.Set<InfoRequest>().CountAsync(r => r.UserId == userId && r.CreatedAt >= since, cancellationToken),
        await db.Set<Comment>().CountAsync(c => c.UserId == userId && c.CreatedAt >= since, cancellationToken));

    public async Task<IReadOnlySet<int>> ActiveAmongAsync(IReadOnlyCollection<int> userIds, CancellationToken cancellationToken)
    {
        var active = await db.Set<InfoRequest>().Where(r => userIds.Contains(r.UserId)).Select(r => r.UserId).Distinct().ToListAsync(cancellationToken);
        active.AddRange(await db.Set<Comment>().Where(c => userIds.Contains(c.UserId)).Select(c => c.UserId).Distinct().ToListAsync(cancellationToken));
        return active.ToHashSet();
    }

    public async Task<IReadOnlyList<string>> TextsOfAsync(int userId, int limit, CancellationToken cancellationToken) =>
        (await db.Set<InfoRequest>().Where(r => r.UserId == userId).OrderByDescending(r => r.CreatedAt).Take(limit).Select(r => r.Title).ToListAsync(cancellationToken))
            .Concat(await db.Set<Comment>().Where(c => c.UserId == userId).OrderByDescending(c => c.CreatedAt).Take(limit).Select(c => c.Body).ToListAsync(cancellationToken))
            .ToList();
}
