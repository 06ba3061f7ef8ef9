using Foi.Common.Data;
using Foi.Modules.Authorities.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Authorities.EditAuthority;

internal sealed record AuthoritySaved(string Name, string Slug, IReadOnlyList<string> Changed);

/// <summary>Adds and changes authorities from a validated <see cref="EditAuthorityForm"/>.</summary>
internal sealed class AuthorityEditor(FoiDbContext db, TimeProvider time)
{
    public async Task<EditAuthorityForm?> FormForAsync(int id, CancellationToken cancellationToken)
    {
        var authority = await db.Set<Authority>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        return authority is null ? null : EditAuthorityForm.From(authority);
    }

    public async Task<AuthoritySaved> AddAsync(EditAuthorityForm form, CancellationToken cancellationToken)
    {
        var slug = string.IsNullOrWhiteSpace(form.Slug)
            ? await AuthoritySlugs.UniqueSlugAsync(db, form.Name, null, null, cancellationToken)
            : form.Slug;
        var authority = Authority.Create(form.ToDetails(), slug, time.GetUtcNow());
        db.Add(authority);
        await db.SaveChangesAsync(cancellationToken);
        return new AuthoritySaved(authority.Name, authority.Slug, []);
    }

    /// <returns>null when there is no authority with this id.</returns>
    public async Task<AuthoritySaved?> UpdateAsync(int id, EditAuthorityForm form, CancellationToken cancellationToken)
    {
        var authority = await db.Set<Authority>().FindAsync([id], cancellationToken);
        if (authority is null)
        {
            return null;
        }
        var slug = string.IsNullOrWhiteSpace(form.Slug) ? authority.Slug : form.Slug;
        var changed = authority.Update(form.ToDetails(), slug, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return new AuthoritySaved(authority.Name, authority.Slug, changed);
    }
}
