using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Requests.Redaction;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.DownloadAttachment;

internal sealed record AttachmentTextPage(string RequestSlug, string RequestTitle, int MessageId, int Index, string FileName, string Text);

internal sealed record WithheldFilePage(string RequestSlug, string RequestTitle, int MessageId, int Index, string FileName, string Reason, bool HasText);

[Route("request/{slug}/attachments/{messageId:int}/{index:int}")]
internal sealed class DownloadAttachmentController(FoiDbContext db, IIncomingMail incoming, CensorRules censor, WithheldFiles withheldFiles) : Controller
{
    /// <summary>
    /// The file as the authority sent it, unless a censor rule matches its text: then the public gets a redacted copy,
    /// or a notice when the file cannot be redacted automatically. The requester and admins may ask for the original.
    /// </summary>
    [HttpGet("{fileName}")]
    public async Task<IActionResult> Download(string slug, int messageId, int index, [FromQuery] bool original, CancellationToken cancellationToken)
    {
        var found = await FindAsync(slug, messageId, index, cancellationToken);
        if (found is not { Message.IncomingMailId: { } mailId })
        {
            return await RequestSlugs.CurrentAsync(db, slug, cancellationToken) is { } current
                ? RedirectPermanent($"/request/{current}/attachments/{messageId}/{index}/{Uri.EscapeDataString(RouteData.Values["fileName"]?.ToString() ?? "file")}{Request.QueryString}")
                : NotFound();
        }
        var (access, request, _, attachment) = found.Value;
        var file = await incoming.OpenAttachmentAsync(mailId, index, cancellationToken);
        if (file is null)
        {
            return NotFound();
        }
        var redactor = await censor.ForAsync(request, cancellationToken);
        if ((redactor.RuleMatches(attachment.Text) || redactor.RuleMatches(attachment.FileName)) && !(original && access.SeesHidden))
        {
            Response.Headers.CacheControl = "private, no-store";
            if (await withheldFiles.ReplacementAsync(attachment.Id, cancellationToken) is { } replacement)
            {
                return Download(replacement.Content, replacement.ContentType, replacement.FileName);
            }
            switch (RedactedFiles.Make(file.Content, file.ContentType, redactor.Apply(file.FileName), attachment.Text ?? "", redactor))
            {
                case RedactedFile.Copy copy:
                    return Download(copy.Content, copy.ContentType, copy.FileName);
                case RedactedFile.Withheld withheld:
                    await withheldFiles.NoteAsync(request.Id, attachment.Id, withheld.Reason, cancellationToken);
                    Response.StatusCode = StatusCodes.Status451UnavailableForLegalReasons;
                    return View("Withheld", new WithheldFilePage(request.Slug, redactor.Apply(request.Title), messageId, index, redactor.Apply(attachment.FileName),
                        withheld.Reason, attachment.Text is not null));
            }
        }
        return Download(file.Content, file.ContentType, file.FileName);
    }

    /// <summary>Always a download, never rendered as a page of this site: an attached HTML file must not run here.</summary>
    private FileContentResult Download(byte[] content, string contentType, string fileName)
    {
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.ContentSecurityPolicy = "sandbox";
        return File(content, contentType, fileName);
    }

    [HttpGet("text")]
    public async Task<IActionResult> Text(string slug, int messageId, int index, CancellationToken cancellationToken)
    {
        var found = await FindAsync(slug, messageId, index, cancellationToken);
        if (found is not { Attachment.Text: { } text })
        {
            return NotFound();
        }
        var (_, request, _, attachment) = found.Value;
        var redactor = await censor.ForAsync(request, cancellationToken);
        return View(new AttachmentTextPage(request.Slug, redactor.Apply(request.Title), messageId, attachment.Index,
            redactor.Apply(attachment.FileName), redactor.Apply(text)));
    }

    /// <summary>The attachment, unless it (or its message or request) is hidden from this visitor.</summary>
    private async Task<(RequestAccess Access, InfoRequest Request, RequestMessage Message, RequestAttachment Attachment)?> FindAsync(string slug, int messageId, int index, CancellationToken cancellationToken)
    {
        var access = await RequestAccess.LoadAsync(db, slug, User, cancellationToken);
        var request = access?.Request;
        var message = request is null ? null
            : await db.Set<RequestMessage>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == messageId && m.RequestId == request.Id, cancellationToken);
        var attachment = message is null ? null
            : await db.Set<RequestAttachment>().AsNoTracking().SingleOrDefaultAsync(a => a.RequestMessageId == message.Id && a.Index == index, cancellationToken);
        if (attachment is null || !access!.Visible || ((message!.Hidden ?? attachment.Hidden) is not null && !access.SeesHidden))
        {
            return null;
        }
        return (access, request!, message!, attachment);
    }
}
