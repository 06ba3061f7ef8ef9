using Foi.Common.Data;
using Foi.Common.Site;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Users;

internal static class UserSlugs
{
    public static async Task<string> UniqueSlugAsync(FoiDbContext db, string name, CancellationToken cancellationToken)
    {
        var stem = Slug.From(name, 60);
        var candidate = stem;
        for (var n = 2; await db.Users.AnyAsync(u => u.Slug == candidate, cancellationToken); n++)
        {
            candidate = $"{stem}-{n}";
        }
        return candidate;
    }
}
