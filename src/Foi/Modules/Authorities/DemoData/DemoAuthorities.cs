using Foi.Common.Data;
using Foi.Modules.Authorities.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Authorities.DemoData;

/// <summary>Fictional authorities for a fresh development site. Their addresses are under the reserved .example domain.</summary>
internal sealed class DemoAuthorities(FoiDbContext db, TimeProvider time)
{
    private static readonly AuthorityDetails[] Bodies =
    [
        new("Ministry of Silly Walks", "MSW", "foi@silly-walks.gov.example", "https://silly-walks.gov.example/", "A fictional government department, for trying the site.", ["central_government", "ministry"]),
        new("Borsetshire County Council", "", "information.requests@borsetshire.example", "https://www.borsetshire.example/", "A fictional county council.", ["local_council", "county"]),
        new("Ambridge Parish Council", "", "clerk@ambridge-parish.example", null, null, ["local_council", "parish"]),
        new("Royal Infirmary of Middlemarch", "RIM", "foi@middlemarch-infirmary.nhs.example", "https://middlemarch-infirmary.nhs.example/", null, ["health", "hospital"]),
        new("Office of the Information Regulator", "OIR", "casework@information-regulator.example", "https://information-regulator.example/", "The fictional regulator that hears complaints about refusals.", ["regulator"]),
        new("Department of Circumlocution", "", "enquiries@circumlocution.gov.example", null, "Abolished; kept so old requests still have a home.", ["central_government", "defunct"]),
    ];

    public async Task<int> SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (await db.Set<Authority>().AnyAsync(cancellationToken))
        {
            return 0;
        }
        var now = time.GetUtcNow();
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var details in Bodies)
        {
            var slug = await AuthoritySlugs.UniqueSlugAsync(db, details.Name, null, slugs, cancellationToken);
            slugs.Add(slug);
            db.Add(Authority.Create(details, slug, now));
        }
        await db.SaveChangesAsync(cancellationToken);
        return Bodies.Length;
    }
}
