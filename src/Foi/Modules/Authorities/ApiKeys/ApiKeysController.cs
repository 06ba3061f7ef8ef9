using Foi.Common.Data;
using Foi.Common.Web;
using Foi.Modules.Authorities.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Authorities.ApiKeys;

/// <param name="AuthorityId">The authority.</param>
/// <param name="AuthorityName">Its name.</param>
/// <param name="AuthoritySlug">Its slug.</param>
/// <param name="Keys">Its keys, newest first, revoked ones included.</param>
/// <param name="NewKey">A key just issued: shown on this page once, never again.</param>
/// <param name="LabelError">Why the label was refused, if it was.</param>
internal sealed record ApiKeysPage(int AuthorityId, string AuthorityName, string AuthoritySlug, IReadOnlyList<ApiKeyRow> Keys, string? NewKey, string? LabelError);

[Route("admin/authorities/{id:int}/api-keys")]
internal sealed class ApiKeysController(FoiDbContext db, AuthorityApiKeys keys) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int id, CancellationToken cancellationToken) =>
        await PageAsync(id, null, null, cancellationToken) is { } page ? View(page) : NotFound();

    [HttpPost("")]
    public async Task<IActionResult> Issue(int id, string? label, CancellationToken cancellationToken)
    {
        if (!await db.Set<Authority>().AnyAsync(a => a.Id == id, cancellationToken))
        {
            return NotFound();
        }
        if (string.IsNullOrWhiteSpace(label) || label.Trim().Length > 100)
        {
            return View("Index", await PageAsync(id, null, "Give the key a name of up to 100 characters, such as the system that will use it.", cancellationToken));
        }
        var key = await keys.IssueAsync(id, label, User.AccountId() ?? 0, cancellationToken);
        // The one page that ever shows the key: no cache may keep it.
        Response.Headers.CacheControl = "no-store";
        return View("Index", await PageAsync(id, key, null, cancellationToken));
    }

    [HttpPost("{keyId:int}/revoke")]
    public async Task<IActionResult> Revoke(int id, int keyId, CancellationToken cancellationToken)
    {
        if (!await keys.RevokeAsync(id, keyId, User.AccountId() ?? 0, cancellationToken))
        {
            return NotFound();
        }
        TempData["Notice"] = "The key is revoked: the API refuses it from now on.";
        return Redirect($"/admin/authorities/{id}/api-keys");
    }

    private async Task<ApiKeysPage?> PageAsync(int id, string? newKey, string? labelError, CancellationToken cancellationToken)
    {
        var authority = await db.Set<Authority>().AsNoTracking().Where(a => a.Id == id).Select(a => new { a.Name, a.Slug }).SingleOrDefaultAsync(cancellationToken);
        return authority is null ? null : new ApiKeysPage(id, authority.Name, authority.Slug, await keys.ListAsync(id, cancellationToken), newKey, labelError);
    }
}
