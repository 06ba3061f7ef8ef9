using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.DownloadAttachment;

internal sealed record AttachmentTextPage(string RequestSlug, string RequestTitle, int MessageId, int Index, string FileName, string Text);

[Route("request/{slug}/attachments/{messageId:int}/{index:int}")]
internal sealed class DownloadAttachmentController(FoiDbContext db, IIncomingMail incoming) : Controller
{
    [HttpGet("{fileName}")]
    public async Task<IActionResult> Download(string slug, int messageId, int index, CancellationToken cancellationToken)
    {
        var found = await FindAsync(slug, messageId, index, cancellationToken);
        if (found is not { Message.IncomingMailId: { } mailId })
        {
            return NotFound();
        }
        var file = await incoming.OpenAttachmentAsync(mailId, index, cancellationToken);
        if (file is null)
        {
            return NotFound();
        }
        // Always a download, never rendered as a page of this site: an attached HTML file must not run here.
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.ContentSecurityPolicy = "sandbox";
        return File(file.Content, file.ContentType, file.FileName);
    }

    [HttpGet("text")]
    public async Task<IActionResult> Text(string slug, int messageId, int index, CancellationToken cancellationToken)
    {
        var found = await FindAsync(slug, messageId, index, cancellationToken);
        return found is null || found.Value.Attachment.Text is null
            ? NotFound()
            : View(new AttachmentTextPage(found.Value.Request.Slug, found.Value.Request.Title, messageId, found.Value.Attachment.Index,
                found.Value.Attachment.FileName, found.Value.Attachment.Text));
    }

    /// <summary>The attachment, unless it (or its message or request) is hidden from this visitor.</summary>
    private async Task<(InfoRequest Request, RequestMessage Message, RequestAttachment Attachment)?> FindAsync(string slug, int messageId, int index, CancellationToken cancellationToken)
    {
        var access = await RequestAccess.LoadAsync(db, slug, User, cancellationToken);
        var request = access?.Request;
        var message = request is null ? null
            : await db.Set<RequestMessage>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == messageId && m.RequestId == request.Id, cancellationToken);
        var attachment = message is null ? null
            : await db.Set<RequestAttachment>().AsNoTracking().SingleOrDefaultAsync(a => a.RequestMessageId == message.Id && a.Index == index, cancellationToken);
        if (attachment is null || ((request!.Hidden ?? message!.Hidden ?? attachment.Hidden) is not null && !access!.SeesHidden))
        {
            return null;
        }
        return (request, message!, attachment);
    }
}
