using Foi.Common.Data;
using Foi.Modules.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Users;

internal sealed class UserDirectory(FoiDbContext db) : IUserDirectory
{
    public async Task<UserSummary?> FindAsync(int id, CancellationToken cancellationToken) =>
        (await FindManyAsync([id], cancellationToken)).GetValueOrDefault(id);

    public async Task<UserSummary?> FindBySlugAsync(string slug, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(u => u.Slug == slug)
            .Select(u => new UserSummary(u.Id, u.PublicName ?? u.Name, u.Slug, u.Email ?? "", u.EmailConfirmed, u.BannedAt != null, u.EmailBouncedAt != null, u.PublicName == null ? null : u.Name))
            .SingleOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyDictionary<int, UserSummary>> FindManyAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking()
            .Where(u => ids.Contains(u.Id))
            .Select(u => new UserSummary(u.Id, u.PublicName ?? u.Name, u.Slug, u.Email ?? "", u.EmailConfirmed, u.BannedAt != null, u.EmailBouncedAt != null, u.PublicName == null ? null : u.Name))
            .ToDictionaryAsync(u => u.Id, cancellationToken);

    public async Task<IReadOnlyList<PublicProfile>> PublicProfilesAsync(int afterId, int limit, IReadOnlyCollection<int>? ids, CancellationToken cancellationToken)
    {
        var users = db.Users.AsNoTracking().Where(u => u.Id > afterId && u.EmailConfirmed && u.BannedAt == null);
        if (ids is not null)
        {
            users = users.Where(u => ids.Contains(u.Id));
        }
        return await users.OrderBy(u => u.Id).Take(limit)
            .Select(u => new PublicProfile(u.Id, u.PublicName ?? u.Name, u.Slug, u.AboutMe ?? "")).ToListAsync(cancellationToken);
    }
}

internal sealed class UserProfiles(FoiDbContext db, TimeProvider time, Foi.Common.Events.IEventOutbox events) : IUserProfiles
{
    public async Task<UserProfile?> GetAsync(int id, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new UserProfile(u.Id, u.Name, u.Email ?? "", u.AboutMe, u.SignupIp, u.SignupUserAgent, u.CreatedAt, u.ProfileUpdatedAt, u.ProfileVersion, u.Trusted, u.BannedAt, u.BanReason))
            .SingleOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyDictionary<int, UserProfile>> GetManyAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new UserProfile(u.Id, u.Name, u.Email ?? "", u.AboutMe, u.SignupIp, u.SignupUserAgent, u.CreatedAt, u.ProfileUpdatedAt, u.ProfileVersion, u.Trusted, u.BannedAt, u.BanReason))
            .ToDictionaryAsync(p => p.Id, cancellationToken);

    public async Task<int> CountSameAboutMeAsync(int id, string aboutMe, CancellationToken cancellationToken) =>
        await db.Users.CountAsync(u => u.Id != id && u.AboutMe == aboutMe, cancellationToken);

    public async Task<int> CountSignupsFromAsync(string ip, DateTimeOffset around, CancellationToken cancellationToken)
    {
        var from = around.AddHours(-1);
        var to = around.AddHours(1);
        return await db.Users.CountAsync(u => u.SignupIp == ip && u.CreatedAt >= from && u.CreatedAt <= to, cancellationToken);
    }

    public async Task<int> CountSignupsSinceAsync(string ip, DateTimeOffset since, CancellationToken cancellationToken) =>
        await db.Users.CountAsync(u => u.SignupIp == ip && u.CreatedAt >= since, cancellationToken);

    public async Task SetTrustedAsync(int id, bool trusted, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleAsync(u => u.Id == id, cancellationToken);
        user.Trusted = trusted;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<int>> ChangedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        await db.Users.Where(u => u.CreatedAt >= since || u.ProfileUpdatedAt >= since).Select(u => u.Id).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<int>> AllIdsAsync(CancellationToken cancellationToken) =>
        await db.Users.OrderBy(u => u.Id).Select(u => u.Id).ToListAsync(cancellationToken);

    public async Task SetBanAsync(int id, string? reason, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleAsync(u => u.Id == id, cancellationToken);
        user.BannedAt = reason is null ? null : time.GetUtcNow();
        user.BanReason = reason;
        if (reason is not null)
        {
            // A new stamp ends every session of the account at its next request (the stamp is checked on each one).
            user.SecurityStamp = Guid.NewGuid().ToString("N");
        }
        events.Enqueue(new AccountBanChanged(id, reason is not null));
        await db.SaveChangesAsync(cancellationToken);
        await events.DispatchEnqueuedAsync(cancellationToken);
    }
}
