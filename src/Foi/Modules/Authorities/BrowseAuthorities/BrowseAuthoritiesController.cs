using Foi.Common.Data;
using Foi.Modules.Authorities.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Authorities.BrowseAuthorities;

internal sealed record AuthorityListItem(string Slug, string Name, string ShortName, bool CanReceiveRequests);

internal sealed record AuthorityListPage(
    IReadOnlyList<AuthorityListItem> Authorities,
    IReadOnlyList<string> Letters,
    IReadOnlyList<(string Tag, int Count)> Tags,
    string? Letter,
    string? Tag,
    string? Query);

internal sealed class BrowseAuthoritiesController(FoiDbContext db) : Controller
{
    [Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Foi.Common.Web.PageCache.Policy)]
    [HttpGet("authorities")]
    public async Task<IActionResult> Index(string? letter, string? tag, string? q, CancellationToken cancellationToken)
    {
        // Any authority's change is on the change feed with the lists' tag.
        Foi.Common.Web.PageCache.Tag(HttpContext, Foi.Common.Web.PageCache.Lists);
        var all = db.Set<Authority>().AsNoTracking();
        // The database groups the authorities by first letter and by set of tags, so a handful of rows come back
        // rather than every authority's name (10,000 of them made this page's slowest part).
        var initials = await all.GroupBy(a => a.Name.Substring(0, 1)).Select(g => g.Key).ToListAsync(cancellationToken);
        var letters = initials.Where(i => i.Length > 0).Select(i => char.ToUpperInvariant(i[0]).ToString()).Distinct().Order(StringComparer.Ordinal).ToList();
        var tagSets = await all.GroupBy(a => a.TagsText).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var tags = tagSets.SelectMany(set => set.Key.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(tag => (Tag: tag, set.Count)))
            .GroupBy(t => t.Tag).Select(g => (g.Key, g.Sum(t => t.Count))).OrderBy(t => t.Key, StringComparer.Ordinal).ToList();

        var filtered = all;
        if (!string.IsNullOrWhiteSpace(letter) && letter.Length == 1)
        {
            var upper = letter.ToUpperInvariant();
            var lower = letter.ToLowerInvariant();
            filtered = filtered.Where(a => a.Name.StartsWith(upper) || a.Name.StartsWith(lower));
        }
        if (!string.IsNullOrWhiteSpace(tag))
        {
            var pattern = Authority.TagPattern(tag);
            filtered = filtered.Where(a => a.TagsText.Contains(pattern));
        }
        if (!string.IsNullOrWhiteSpace(q))
        {
            var like = $"%{AuthorityDirectory.EscapeLike(q.Trim().ToLowerInvariant())}%";
#pragma warning disable CA1304, CA1311 // ToLower() here is translated to SQL lower(); no .NET culture is involved
            filtered = filtered.Where(a => EF.Functions.Like(a.Name.ToLower(), like, "\\") || EF.Functions.Like(a.ShortName.ToLower(), like, "\\"));
#pragma warning restore CA1304, CA1311
        }
        var rows = await filtered.OrderBy(a => a.Name).Take(1000)
            .Select(a => new { a.Slug, a.Name, a.ShortName, a.RequestEmail, a.TagsText }).ToListAsync(cancellationToken);
        var authorities = rows.Select(a => new AuthorityListItem(a.Slug, a.Name, a.ShortName, Authority.AcceptsRequests(a.RequestEmail, a.TagsText))).ToList();
        return View(new AuthorityListPage(authorities, letters, tags, letter, tag, q));
    }
}
