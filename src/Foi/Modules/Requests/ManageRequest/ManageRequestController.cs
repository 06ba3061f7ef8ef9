using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Users.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.ManageRequest;

[Authorize(Roles = Roles.Admin)]
internal sealed class ManageRequestController(FoiDbContext db, TimeProvider time) : Controller
{
    [HttpPost("request/{slug}/admin/responses")]
    public async Task<IActionResult> Responses(string slug, bool allowed, CancellationToken cancellationToken)
    {
        var request = await db.Set<InfoRequest>().SingleOrDefaultAsync(r => r.Slug == slug, cancellationToken);
        if (request is null)
        {
            return NotFound();
        }
        request.AllowResponses(allowed);
        db.Add(RequestEvent.Record(request.Id, allowed ? "responses_opened" : "responses_closed", time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return Redirect($"/request/{slug}");
    }

    [HttpGet("admin/comments")]
    public async Task<IActionResult> ReportedComments(CancellationToken cancellationToken)
    {
        var reported = await db.Set<Comment>().AsNoTracking().Where(c => c.ReportCount > 0 && c.HiddenAt == null)
            .OrderByDescending(c => c.ReportCount).Take(200).ToListAsync(cancellationToken);
        var requestIds = reported.Select(c => c.RequestId).Distinct().ToList();
        var slugs = await db.Set<InfoRequest>().Where(r => requestIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Slug, cancellationToken);
        return View(reported.Select(c => (c, slugs.GetValueOrDefault(c.RequestId) ?? "")).ToList());
    }
}
