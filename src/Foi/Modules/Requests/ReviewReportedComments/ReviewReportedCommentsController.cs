using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.ReviewReportedComments;

internal sealed record ReportedComment(int Id, string RequestSlug, string Body, int ReportCount)
{
    public string Excerpt => Body.Length > 120 ? Body[..120] + "…" : Body;
}

/// <summary>Comments readers reported and no admin has hidden yet, most reported first.</summary>
internal sealed class ReviewReportedCommentsController(FoiDbContext db) : Controller
{
    [HttpGet("admin/comments")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var reported = await db.Set<Comment>().AsNoTracking().Where(c => c.ReportCount > 0 && c.HiddenAt == null)
            .OrderByDescending(c => c.ReportCount).Take(200)
            .Join(db.Set<InfoRequest>(), c => c.RequestId, r => r.Id, (c, r) => new ReportedComment(c.Id, r.Slug, c.Body, c.ReportCount))
            .ToListAsync(cancellationToken);
        return View(reported);
    }
}
