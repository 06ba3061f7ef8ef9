using Foi.Common.Data;
using Foi.Common.Site;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Users;

internal static class UserSlugs
{
    public static Task<string> UniqueSlugAsync(FoiDbContext db, string name, CancellationToken cancellationToken) =>
        Slug.UniqueAsync(name, 60, candidate => db.Users.AnyAsync(u => u.Slug == candidate, cancellationToken));
}
