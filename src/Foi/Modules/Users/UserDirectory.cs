using Foi.Common.Data;
using Foi.Modules.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Users;

internal sealed class UserDirectory(FoiDbContext db) : IUserDirectory
{
    public async Task<UserSummary?> FindAsync(int id, CancellationToken cancellationToken) =>
        (await FindManyAsync([id], cancellationToken)).GetValueOrDefault(id);

    public async Task<IReadOnlyDictionary<int, UserSummary>> FindManyAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking()
            .Where(u => ids.Contains(u.Id))
            .Select(u => new UserSummary(u.Id, u.Name, u.Slug, u.Email ?? "", u.EmailConfirmed))
            .ToDictionaryAsync(u => u.Id, cancellationToken);
}
