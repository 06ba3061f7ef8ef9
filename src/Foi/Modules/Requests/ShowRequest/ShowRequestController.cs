using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Common.Web;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Users.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.ShowRequest;

internal sealed record CorrespondenceItem(RequestMessage Message, OutgoingMailStatus? Delivery);

internal sealed record RequestPage(
    InfoRequest Request,
    AuthoritySummary? Authority,
    UserSummary? Requester,
    string StatusLabel,
    bool Overdue,
    IReadOnlyList<CorrespondenceItem> Correspondence,
    bool ViewerIsRequesterOrAdmin);

internal sealed class ShowRequestController(
    FoiDbContext db,
    IAuthorityDirectory authorities,
    IUserDirectory users,
    IOutgoingMailStatuses deliveries,
    SiteClock clock) : Controller
{
    [HttpGet("request/{slug}")]
    public async Task<IActionResult> Index(string slug, CancellationToken cancellationToken)
    {
        var request = await db.Set<InfoRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.Slug == slug, cancellationToken);
        if (request is null)
        {
            return NotFound();
        }
        var messages = await db.Set<RequestMessage>().AsNoTracking()
            .Where(m => m.RequestId == request.Id).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        var mailIds = messages.Where(m => m.OutgoingMailId is not null).Select(m => m.OutgoingMailId!.Value).ToList();
        var statuses = await deliveries.GetAsync(mailIds, cancellationToken);

        var viewerId = User.AccountId();
        var overdue = request.IsOverdue(clock.Today);
        return View(new RequestPage(
            request,
            await authorities.FindAsync(request.AuthorityId, cancellationToken),
            await users.FindAsync(request.UserId, cancellationToken),
            RequestStateLabels.Label(request.State, overdue),
            overdue,
            messages.Select(m => new CorrespondenceItem(m, m.OutgoingMailId is { } mailId ? statuses.GetValueOrDefault(mailId) : null)).ToList(),
            viewerId == request.UserId || User.IsInRole(Roles.Admin)));
    }
}
