using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests;

internal sealed class RequestListing(FoiDbContext db, IAuthorityDirectory authorities, IUserDirectory users, Redaction.CensorRules censor, SiteClock clock) : IRequestListing
{
    public Task<IReadOnlyList<RequestSummary>> ForAuthorityAsync(int authorityId, int limit, CancellationToken cancellationToken) =>
        SummariseAsync(db.Set<InfoRequest>().Where(r => r.AuthorityId == authorityId && r.HiddenAt == null), 0, limit, cancellationToken);

    public Task<IReadOnlyList<RequestSummary>> ForUserAsync(int userId, int limit, CancellationToken cancellationToken) =>
        SummariseAsync(db.Set<InfoRequest>().Where(r => r.UserId == userId && r.HiddenAt == null), 0, limit, cancellationToken);

    /// <summary>The latest requests for the home page and /list; those an admin judged vexatious or hid are left out.</summary>
    public Task<IReadOnlyList<RequestSummary>> LatestAsync(int skip, int limit, CancellationToken cancellationToken) =>
        SummariseAsync(Listed(), skip, limit, cancellationToken);

    public IQueryable<InfoRequest> Listed() => db.Set<InfoRequest>().Where(r => r.State != RequestState.Vexatious && r.HiddenAt == null);

    private async Task<IReadOnlyList<RequestSummary>> SummariseAsync(IQueryable<InfoRequest> query, int skip, int limit, CancellationToken cancellationToken)
    {
        var requests = await query.AsNoTracking().OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip(skip).Take(limit).ToListAsync(cancellationToken);
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
