using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Modules.Authorities.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Authorities;

internal static class AuthoritySlugs
{
    /// <summary>A slug made from the name that no other authority (nor any of <paramref name="taken"/>) has.</summary>
    public static async Task<string> UniqueSlugAsync(FoiDbContext db, string name, int? exceptId, ISet<string>? taken, CancellationToken cancellationToken)
    {
        var stem = Slug.From(name, 90);
        var candidate = stem;
        for (var n = 2;
             (taken?.Contains(candidate) ?? false)
             || await db.Set<Authority>().AnyAsync(a => a.Slug == candidate && a.Id != exceptId, cancellationToken);
             n++)
        {
            candidate = $"{stem}-{n}";
        }
        return candidate;
    }
}
