using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests;

/// <summary>Requests' addresses: taken by a request now or earlier (an alias), and where a former one leads.</summary>
internal static class RequestSlugs
{
    public const int MaxLength = 100;

    public static async Task<bool> TakenAsync(FoiDbContext db, string candidate, CancellationToken cancellationToken) =>
        await db.Set<InfoRequest>().AnyAsync(r => r.Slug == candidate, cancellationToken)
        || await db.Set<RequestSlugAlias>().AnyAsync(a => a.Slug == candidate, cancellationToken);

    /// <summary>The request's address now, when this is one it had before; null otherwise.</summary>
    public static async Task<string?> CurrentAsync(FoiDbContext db, string formerSlug, CancellationToken cancellationToken) =>
        await (from alias in db.Set<RequestSlugAlias>()
               join request in db.Set<InfoRequest>() on alias.RequestId equals request.Id
               where alias.Slug == formerSlug
               select request.Slug).FirstOrDefaultAsync(cancellationToken);
}
