using Foi.Common.Data;
using Foi.Common.Events;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.AnnotateRequest;

/// <summary>
/// A banned account's comments leave the public pages (and, through the change feed, the search index); lifting the
/// ban brings them back. Setting the same value again changes nothing, so the handler may run twice.
/// </summary>
internal sealed class BannedAuthorHandler(FoiDbContext db, TimeProvider time) : IEventHandler<AccountBanChanged>
{
    public async Task HandleAsync(AccountBanChanged changed, CancellationToken cancellationToken)
    {
        var comments = await db.Set<Comment>().Where(c => c.UserId == changed.UserId).ToListAsync(cancellationToken);
        var at = time.GetUtcNow();
        foreach (var comment in comments.Where(c => (c.AuthorBannedAt is not null) != changed.Banned))
        {
            comment.AuthorBanned(changed.Banned ? at : null);
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
