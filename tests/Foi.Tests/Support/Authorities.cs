using Foi.Common.Data;
using Foi.Modules.Authorities;
using Foi.Modules.Authorities.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Foi.Tests.Support;

internal static class TestAuthorities
{
    /// <summary>Adds an authority straight to the database and returns its slug.</summary>
    public static async Task<string> AddAsync(FoiFactory site, string name, string? email = null, params string[] tags)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
        var slug = await AuthoritySlugs.UniqueSlugAsync(db, name, null, null, CancellationToken.None);
        db.Add(Authority.Create(
            new AuthorityDetails(name, null, email ?? $"foi@{Foi.Common.Site.Slug.From(name)}.example", null, null, tags),
            slug, TimeProvider.System.GetUtcNow()));
        await db.SaveChangesAsync();
        return slug;
    }

    public static string UniqueName(string stem) => $"{stem} {Guid.NewGuid().ToString("N")[..8]}";
}
