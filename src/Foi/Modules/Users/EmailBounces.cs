using Foi.Common.Events;
using Foi.Modules.Mail.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Users;

/// <summary>Marks the accounts at an address the site's own mail bounced from, so alerts stop and sign-in says why.</summary>
internal sealed class EmailBounceHandler(Foi.Common.Data.FoiDbContext db, TimeProvider time) : IEventHandler<SiteMailBounced>
{
    public async Task HandleAsync(SiteMailBounced bounced, CancellationToken cancellationToken)
    {
        var addresses = bounced.Recipients.Select(r => r.ToUpperInvariant()).ToList();
        var reason = bounced.Diagnostic.Length > 500 ? bounced.Diagnostic[..500] : bounced.Diagnostic;
        // Idempotent: marking again only moves the date.
        foreach (var user in await db.Users.Where(u => u.NormalizedEmail != null && addresses.Contains(u.NormalizedEmail)).ToListAsync(cancellationToken))
        {
            user.EmailBouncedAt = time.GetUtcNow();
            user.EmailBounceReason = reason;
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
