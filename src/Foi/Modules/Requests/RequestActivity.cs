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
}
