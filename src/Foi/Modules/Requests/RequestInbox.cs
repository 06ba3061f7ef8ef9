using Foi.Common.Data;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests;

internal sealed class RequestInbox(FoiDbContext db) : IRequestInbox
{
    public async Task<RequestInboxInfo?> FindAsync(int requestId, CancellationToken cancellationToken) =>
        await Project(db.Set<InfoRequest>().Where(r => r.Id == requestId)).FirstOrDefaultAsync(cancellationToken);

    public async Task<RequestInboxInfo?> FindBySlugAsync(string slug, CancellationToken cancellationToken) =>
        await Project(db.Set<InfoRequest>().Where(r => r.Slug == slug)).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<RequestInboxInfo>> FindByTitleAsync(string title, CancellationToken cancellationToken)
    {
        var lower = title.Trim().ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower(); no .NET culture is involved
        return await Project(db.Set<InfoRequest>().Where(r => r.Title.ToLower() == lower).Take(3)).ToListAsync(cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862
    }

    public async Task<IReadOnlyList<RequestInboxInfo>> WaitingForAsync(IReadOnlyCollection<int> authorityIds, int limit, CancellationToken cancellationToken) =>
        authorityIds.Count == 0
            ? []
            : await Project(db.Set<InfoRequest>()
                .Where(r => authorityIds.Contains(r.AuthorityId) && (r.State == RequestState.WaitingResponse || r.State == RequestState.InternalReview))
                .OrderByDescending(r => r.CreatedAt).Take(limit))
                .ToListAsync(cancellationToken);

    private static IQueryable<RequestInboxInfo> Project(IQueryable<InfoRequest> requests) =>
        requests.AsNoTracking().Select(r => new RequestInboxInfo(r.Id, r.Slug, r.Title, r.AuthorityId, r.ResponsesAllowed, r.CreatedAt));
}
