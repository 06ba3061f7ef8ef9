using Foi.Common.Data;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Authorities.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Authorities;

internal sealed class AuthorityDirectory(FoiDbContext db) : IAuthorityDirectory
{
    public async Task<AuthoritySummary?> FindAsync(int id, CancellationToken cancellationToken) =>
        Summarise(await db.Set<Authority>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken));

    public async Task<AuthoritySummary?> FindBySlugAsync(string slug, CancellationToken cancellationToken) =>
        Summarise(await db.Set<Authority>().AsNoTracking().SingleOrDefaultAsync(a => a.Slug == slug, cancellationToken));

    public async Task<IReadOnlyDictionary<int, AuthoritySummary>> FindManyAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken) =>
        (await db.Set<Authority>().AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(cancellationToken))
            .ToDictionary(a => a.Id, a => Summarise(a)!);

    public IQueryable<int> IdsTagged(string tag)
    {
        var pattern = Authority.TagPattern(tag);
        return db.Set<Authority>().AsNoTracking().Where(a => a.TagsText.Contains(pattern)).Select(a => a.Id);
    }

    public async Task<IReadOnlyList<AuthoritySummary>> FindByEmailDomainAsync(string domain, CancellationToken cancellationToken)
    {
        var suffix = "@" + domain.Trim().ToLowerInvariant();
        var found = await db.Set<Authority>().AsNoTracking()
            .Where(a => a.RequestEmail != null && a.RequestEmail.EndsWith(suffix))
            .OrderBy(a => a.Name).Take(20).ToListAsync(cancellationToken);
        return found.Select(a => Summarise(a)!).ToList();
    }

    public async Task<IReadOnlyList<AuthoritySummary>> SearchAsync(string? query, int limit, CancellationToken cancellationToken)
    {
        var authorities = db.Set<Authority>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query))
        {
            var pattern = $"%{EscapeLike(query.Trim().ToLowerInvariant())}%";
#pragma warning disable CA1304, CA1311 // ToLower() here is translated to SQL lower(); no .NET culture is involved
            authorities = authorities.Where(a =>
                EF.Functions.Like(a.Name.ToLower(), pattern, "\\") || EF.Functions.Like(a.ShortName.ToLower(), pattern, "\\"));
#pragma warning restore CA1304, CA1311
        }
        var found = await authorities.OrderBy(a => a.Name).Take(limit).ToListAsync(cancellationToken);
        return found.Select(a => Summarise(a)!).ToList();
    }

    internal static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static AuthoritySummary? Summarise(Authority? a) =>
        a is null ? null : new AuthoritySummary(a.Id, a.Name, a.ShortName, a.Slug, a.RequestEmail, a.CanReceiveRequests, a.Law);
}
