using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Users.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.ShowRequest;

internal sealed class ShowRequestController(
    FoiDbContext db,
    IAuthorityDirectory authorities,
    IUserDirectory users,
    IOutgoingMailStatuses deliveries,
    RequestCalendar calendar,
    IDeliveryEvidence evidence,
    IRequestAddresses addresses,
    Redaction.CensorRules censor,
    SiteClock clock) : Controller
{
    [Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Foi.Common.Web.PageCache.Policy)]
    [HttpGet("request/{slug}")]
    public async Task<IActionResult> Index(string slug, CancellationToken cancellationToken)
    {
        var access = await RequestAccess.LoadAsync(db, slug, User, cancellationToken, users);
        if (access is null)
        {
            return await RequestSlugs.CurrentAsync(db, slug, cancellationToken) is { } current
                ? RedirectPermanent($"/request/{current}{Request.QueryString}")
                : NotFound();
        }
        var request = access.Request;
        Foi.Common.Web.PageCache.Tag(HttpContext, Foi.Common.Web.PageCache.RequestTag(request.Id),
            Foi.Common.Web.PageCache.AuthorityTag(request.AuthorityId), Foi.Common.Web.PageCache.UserTag(request.UserId));
        if (request.Hidden is { } hidden && !access.Visible)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
            return View("Hidden", hidden);
        }
        var messages = await db.Set<RequestMessage>().AsNoTracking()
            .Where(m => m.RequestId == request.Id).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        var messageIds = messages.Select(m => m.Id).ToList();
        var attachments = (await db.Set<RequestAttachment>().AsNoTracking().Where(a => messageIds.Contains(a.RequestMessageId)).ToListAsync(cancellationToken))
            .ToLookup(a => a.RequestMessageId);
        var statuses = await deliveries.GetAsync(messages.Where(m => m.OutgoingMailId is not null).Select(m => m.OutgoingMailId!.Value).ToList(), cancellationToken);
        var history = await db.Set<RequestEvent>().AsNoTracking().Where(e => e.RequestId == request.Id).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        var comments = await db.Set<Comment>().AsNoTracking()
            .Where(c => c.RequestId == request.Id && ((c.HiddenAt == null && c.AuthorBannedAt == null) || access.IsAdmin)).OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        var authors = await users.FindManyAsync(comments.Select(c => c.UserId).Distinct().ToList(), cancellationToken);

        var today = clock.Today;
        // Everyone reads the redacted page, admins too: what they see is what the public sees.
        var redactor = await censor.ForAsync(request, cancellationToken);
        var authority = await authorities.FindAsync(request.AuthorityId, cancellationToken);
        var evidenceByMail = new Dictionary<Guid, IReadOnlyList<DeliveryEvidence>>();
        if (access.IsRequester || access.IsAdmin)
        {
            var linesByMail = await evidence.LinesAsync(statuses.Keys.ToList(), cancellationToken);
            foreach (var mailId in statuses.Keys)
            {
                var lines = linesByMail.GetValueOrDefault(mailId, []);
                evidenceByMail[mailId] = access.IsAdmin
                    ? lines
                    : lines.Select(l => l with { Text = DeliveryText.Redact(l.Text, authority?.RequestEmail, addresses.AddressFor(request.Id), request.Id), File = "", LineNumber = 0 }).ToList();
            }
        }
        return View(new RequestPage(
            ViewerRights.Of(access),
            new RequestFacts(request.Id, request.Slug, redactor.Apply(request.Title), request.State, request.CreatedAt, request.DueDate, request.IsWaiting,
                request.AwaitingClassification, request.ResponsesAllowed, request.Hidden, SendFollowUp.FollowUpKinds.Offered(request, today), request.Visibility),
            authority,
            await users.FindAsync(request.UserId, cancellationToken),
            RequestStateLabels.Label(request, today),
            request.IsOverdue(today),
            request.IsLongOverdue(today),
            messages.Select(m => new CorrespondenceItem(
                Letter.Of(m, redactor),
                m.OutgoingMailId is { } mailId ? statuses.GetValueOrDefault(mailId) : null,
                attachments[m.Id].OrderBy(a => a.Index).Select(a => AttachmentLink.Of(a, redactor)).ToList(),
                m.OutgoingMailId is { } id && evidenceByMail.TryGetValue(id, out var lines) ? lines : [])).ToList(),
            history.Select(HistoryLine.Of).ToList(),
            comments.Select(c => CommentItem.Of(c, authors.GetValueOrDefault(c.UserId), redactor)).ToList(),
            access.MayClassify(clock.UtcNow),
            calendar.Law(request.LawKey).Name));
    }
}
