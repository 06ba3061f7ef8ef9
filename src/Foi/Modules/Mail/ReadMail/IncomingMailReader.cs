using System.Text.RegularExpressions;
using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Mail.RouteMail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Tnef;

namespace Foi.Modules.Mail.ReadMail;

internal sealed partial class IncomingMailReader(FoiDbContext db, IOptions<MailOptions> options) : IIncomingMail
{
    public async Task<IncomingMailContent?> ReadAsync(Guid id, CancellationToken cancellationToken)
    {
        var mail = await db.Set<IncomingMail>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (mail is null)
        {
            return null;
        }
        var message = await MimeMessage.LoadAsync(new MemoryStream(mail.Raw, writable: false), cancellationToken);
        var limits = options.Value.Receive;
        var oversized = mail.Size > limits.MaxMessageBytes;

        string? html = null;
        var htmlText = "";
        if (message.HtmlBody is { } rawHtml)
        {
            (html, htmlText) = await HtmlCleaner.CleanWithinLimitsAsync(rawHtml, cancellationToken);
        }
        var text = message.TextBody ?? htmlText;
        if (message.TextBody is not null && string.IsNullOrWhiteSpace(text))
        {
            text = htmlText;
        }

        var attachments = new List<IncomingAttachment>();
        if (!oversized)
        {
            var extractor = new AttachmentText(limits);
            foreach (var (entity, index) in Attachments(message).Select((a, i) => (a, i)))
            {
                var (content, name, type) = Decode(entity, index);
                var (extracted, note) = await extractor.ExtractAsync(content, type, name, cancellationToken);
                attachments.Add(new IncomingAttachment(index, name, type, content.LongLength, extracted, note));
            }
        }

        var from = message.From.Mailboxes.FirstOrDefault();
        return new IncomingMailContent(
            mail.Id,
            mail.MessageId,
            from?.Name ?? "",
            from?.Address ?? mail.FromAddress ?? "",
            message.Subject ?? "",
            message.Date == DateTimeOffset.MinValue ? mail.ReceivedAt : message.Date,
            MailClassifier.IsAutoReply(message),
            text,
            message.TextBody is null ? html : null, // the HTML is shown only when there is no plain text to show
            attachments,
            oversized ? $"This email is larger than {limits.MaxMessageBytes / (1024 * 1024)} MB, so its attachments are not shown. The administrators have the whole message." : null);
    }

    public async Task<AttachmentFile?> OpenAttachmentAsync(Guid id, int index, CancellationToken cancellationToken)
    {
        var raw = await db.Set<IncomingMail>().AsNoTracking().Where(m => m.Id == id).Select(m => m.Raw).SingleOrDefaultAsync(cancellationToken);
        if (raw is null)
        {
            return null;
        }
        var message = await MimeMessage.LoadAsync(new MemoryStream(raw, writable: false), cancellationToken);
        var entity = Attachments(message).ElementAtOrDefault(index);
        if (entity is null)
        {
            return null;
        }
        var (content, name, type) = Decode(entity, index);
        return new AttachmentFile(content, name, type);
    }

    /// <summary>
    /// The attachments in a fixed order: every leaf part that is not the message's own text, with forwarded messages kept
    /// whole and Outlook's winmail.dat (TNEF) unpacked into the files it carries.
    /// </summary>
    internal static IReadOnlyList<MimeEntity> Attachments(MimeMessage message)
    {
        var list = new List<MimeEntity>();
        foreach (var part in message.BodyParts)
        {
            switch (part)
            {
                case TnefPart tnef:
                    list.AddRange(tnef.ExtractAttachments());
                    break;
                case TextPart text when !text.IsAttachment && (text.IsPlain || text.IsHtml):
                    break;
                case MessagePart or MimePart:
                    list.Add(part);
                    break;
            }
        }
        return list;
    }

    private static (byte[] Content, string Name, string Type) Decode(MimeEntity entity, int index)
    {
        using var buffer = new MemoryStream();
        string? name = null;
        switch (entity)
        {
            case MessagePart message:
                message.Message?.WriteTo(buffer);
                name = (message.Message?.Subject is { Length: > 0 } subject ? subject : "forwarded message") + ".eml";
                break;
            case MimePart part:
                part.Content?.DecodeTo(buffer);
                name = part.FileName;
                break;
        }
        var type = entity.ContentType.MimeType.ToLowerInvariant();
        return (buffer.ToArray(), SafeName(name, index, type), type);
    }

    internal static string SafeName(string? name, int index, string type)
    {
        var cleaned = UnsafeCharacters().Replace(Path.GetFileName(name ?? "").Trim(), "_").Trim('.', '_', ' ');
        if (cleaned.Length == 0)
        {
            cleaned = $"attachment-{index + 1}{(MimeTypes.TryGetExtension(type, out var extension) ? extension : ".bin")}";
        }
        return cleaned.Length > 120 ? cleaned[^120..] : cleaned;
    }

    [GeneratedRegex(@"[^\p{L}\p{N}._ ()-]+")]
    private static partial Regex UnsafeCharacters();
}
