using Foi.Common.Data;
using Foi.Modules.Users.Contracts;
using Foi.Modules.Users.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Users.CloseAccount;

/// <summary>
/// Closes an account in one transaction: every module forgets the person's name and address (their requests stay
/// published, with both replaced), then the account loses its name, address, password, profile and roles, and every
/// session it had ends at its next page.
/// </summary>
internal sealed class AccountClosure(FoiDbContext db, IEnumerable<IAccountClosureStep> steps, TimeProvider time)
{
    public async Task<bool> CloseAsync(int userId, string? reason, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null || user.ClosedAt is not null)
        {
            return false;
        }
        var closing = new ClosingAccount(user.Id, user.Name, user.Email ?? "");
        foreach (var step in steps)
        {
            await step.ForgetAsync(closing, cancellationToken);
        }
        Forget(user, reason, time.GetUtcNow());
        await db.Set<Microsoft.AspNetCore.Identity.IdentityUserRole<int>>().Where(r => r.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.Set<Microsoft.AspNetCore.Identity.IdentityUserToken<int>>().Where(t => t.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.Set<Microsoft.AspNetCore.Identity.IdentityUserLogin<int>>().Where(l => l.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.Set<Microsoft.AspNetCore.Identity.IdentityUserClaim<int>>().Where(c => c.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static void Forget(User user, string? reason, DateTimeOffset now)
    {
        var address = $"closed-{user.Id}@closed.invalid";
        user.Name = ClosingAccount.NameRemoved;
        user.PublicName = null;
        user.Slug = $"closed-{user.Id}";
        user.Email = user.UserName = address;
        user.NormalizedEmail = user.NormalizedUserName = address.ToUpperInvariant();
        user.EmailConfirmed = false;
        user.PasswordHash = null;
        // Sessions are checked against the stamp on every request: a new one signs the account out everywhere.
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.PhoneNumber = null;
        user.AboutMe = null;
        user.SignupIp = null;
        user.SignupUserAgent = null;
        user.EmailBounceReason = null;
        user.ProfileVersion++;
        user.ProfileUpdatedAt = now;
        user.ClosedAt = now;
        user.ClosedReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()[..Math.Min(reason.Trim().Length, 500)];
    }
}
