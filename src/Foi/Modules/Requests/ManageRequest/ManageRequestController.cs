using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Users.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.ManageRequest;

[Authorize(Roles = Roles.Admin)]
internal sealed class ManageRequestController(FoiDbContext db, TimeProvider time, Foi.Modules.Mail.Contracts.IOutgoingMailStatuses deliveries) : Controller
{
    /// <summary>Requests whose first message has no "delivered" line in the mail server's log two days after it was sent.</summary>
    [HttpGet("admin/undelivered")]
    public async Task<IActionResult> Undelivered(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var before = now.AddDays(-2);
        var since = now.AddDays(-120);
        var initial = await db.Set<RequestMessage>().AsNoTracking()
            .Where(m => m.Kind == OutgoingKind.InitialRequest && m.OutgoingMailId != null && m.CreatedAt < before && m.CreatedAt > since)
            .Select(m => new { m.RequestId, MailId = m.OutgoingMailId!.Value, m.CreatedAt }).ToListAsync(cancellationToken);
        var statuses = await deliveries.GetAsync(initial.Select(i => i.MailId).ToList(), cancellationToken);
        var undelivered = initial.Where(i => !statuses.TryGetValue(i.MailId, out var s) || s.Logged.Count == 0 || s.Logged.Any(l => l.Status != "delivered")).ToList();
        var requestIds = undelivered.Select(u => u.RequestId).ToList();
        var requests = await db.Set<InfoRequest>().AsNoTracking().Where(r => requestIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        return View(undelivered.Select(u => (requests[u.RequestId], u.CreatedAt, statuses.GetValueOrDefault(u.MailId))).OrderBy(u => u.CreatedAt).ToList());
    }

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
