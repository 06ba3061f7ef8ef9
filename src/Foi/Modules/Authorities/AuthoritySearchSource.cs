using Foi.Common.Data;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Authorities.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Foi.Modules.Authorities;

internal sealed class AuthoritySearchSource(FoiDbContext db) : IAuthoritySearchSource
{
    public async Task<IReadOnlyList<SearchableAuthority>> PageAsync(int afterId, int limit, CancellationToken cancellationToken) =>
        (await db.Set<Authority>().AsNoTracking().Where(a => a.Id > afterId).OrderBy(a => a.Id).Take(limit).ToListAsync(cancellationToken))
            .Select(Describe).ToList();

    public async Task<IReadOnlyList<SearchableAuthority>> FindAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken) =>
        (await db.Set<Authority>().AsNoTracking().Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id).ToListAsync(cancellationToken))
            .Select(Describe).ToList();

    private static SearchableAuthority Describe(Authority authority) =>
        new(authority.Id, authority.Name, authority.ShortName, authority.Slug, authority.Notes ?? "", authority.Tags);
}

/// <summary>A save touching an authority (edit, import) changes what search shows of it and of the requests to it.</summary>
internal sealed class AuthorityChangeTopic : IChangeTopic
{
    public string Name => AuthorityTopic.Name;

    public int? EntityIdOf(EntityEntry entry) => entry.Entity is Authority authority ? authority.Id : null;
}
