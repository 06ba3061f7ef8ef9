using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.ShowRequest;

/// <summary>
/// A reply of megabytes would make the request page as large for every reader: the page shows its beginning, and this
/// plain-text page the whole of it.
/// </summary>
internal static class LongMessages
{
    public const int ShownChars = 50_000;

    public static bool IsTooLong(string body, string? bodyHtml) => body.Length > ShownChars || bodyHtml?.Length > ShownChars * 4;
}

[Route("request/{slug}/messages/{messageId:int}/text")]
internal sealed class ShowMessageTextController(FoiDbContext db) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string slug, int messageId, CancellationToken cancellationToken)
    {
        var access = await RequestAccess.LoadAsync(db, slug, User, cancellationToken);
        var message = access is null ? null
            : await db.Set<RequestMessage>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == messageId && m.RequestId == access.Request.Id, cancellationToken);
        if (message is null || !access!.Visible || (message.Hidden is not null && !access.SeesHidden))
        {
            return NotFound();
        }
        Response.Headers.XContentTypeOptions = "nosniff";
        return Content(message.Body, "text/plain; charset=utf-8");
    }
}
