using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Modules.Authorities.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Authorities;

internal static class AuthoritySlugs
{
    /// <summary>A slug made from the name that no other authority (nor any of <paramref name="taken"/>) has.</summary>
    public static Task<string> UniqueSlugAsync(FoiDbContext db, string name, int? exceptId, ISet<string>? taken, CancellationToken cancellationToken) =>
        Slug.UniqueAsync(name, 90, async candidate =>
            (taken?.Contains(candidate) ?? false)
            || await db.Set<Authority>().AnyAsync(a => a.Slug == candidate && a.Id != exceptId, cancellationToken));
}
