using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.ListUndelivered;

internal sealed record UndeliveredRequest(string Slug, string Title, DateTimeOffset SentAt, OutgoingMailStatus? Status);

/// <summary>Requests whose first message has no "delivered" line in the mail server's log two days after it was sent.</summary>
internal sealed class UndeliveredRequests(FoiDbContext db, TimeProvider time, IOutgoingMailStatuses deliveries)
{
    public async Task<IReadOnlyList<UndeliveredRequest>> ListAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var before = now.AddDays(-2);
        var since = now.AddDays(-120);
        var initial = await db.Set<RequestMessage>().AsNoTracking()
            .Where(m => m.Kind == OutgoingKind.InitialRequest && m.OutgoingMailId != null && m.CreatedAt < before && m.CreatedAt > since)
            .Select(m => new { m.RequestId, MailId = m.OutgoingMailId!.Value, m.CreatedAt }).ToListAsync(cancellationToken);
        var statuses = await deliveries.GetAsync(initial.Select(i => i.MailId).ToList(), cancellationToken);
        var undelivered = initial.Where(i => !statuses.TryGetValue(i.MailId, out var s) || s.Logged.Count == 0 || s.Logged.Any(l => l.Status != RecipientStatus.Delivered)).ToList();
        var requestIds = undelivered.Select(u => u.RequestId).ToList();
        var requests = await db.Set<InfoRequest>().AsNoTracking().Where(r => requestIds.Contains(r.Id))
            .Select(r => new { r.Id, r.Slug, r.Title }).ToDictionaryAsync(r => r.Id, cancellationToken);
        return undelivered.OrderBy(u => u.CreatedAt)
            .Select(u => new UndeliveredRequest(requests[u.RequestId].Slug, requests[u.RequestId].Title, u.CreatedAt, statuses.GetValueOrDefault(u.MailId)))
            .ToList();
    }
}

internal sealed class ListUndeliveredController(UndeliveredRequests undelivered) : Controller
{
    [HttpGet("admin/undelivered")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View(await undelivered.ListAsync(cancellationToken));
}
