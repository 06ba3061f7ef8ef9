using Foi.Common.Data;
using Foi.Modules.Authorities.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Authorities.ListAuthorities;

internal sealed record AuthorityRow(int Id, string Name, string Slug, string? RequestEmail, IReadOnlyList<string> Tags, DateTimeOffset UpdatedAt);

[Route("admin/authorities")]
internal sealed class ListAuthoritiesController(FoiDbContext db) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var rows = await db.Set<Authority>().OrderBy(a => a.Name)
            .Select(a => new { a.Id, a.Name, a.Slug, a.RequestEmail, a.TagsText, a.UpdatedAt })
            .ToListAsync(cancellationToken);
        return View(rows.Select(a => new AuthorityRow(a.Id, a.Name, a.Slug, a.RequestEmail, Authority.ParseTags(a.TagsText), a.UpdatedAt)).ToList());
    }
}
