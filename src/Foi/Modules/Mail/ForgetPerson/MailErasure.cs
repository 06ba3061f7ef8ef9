using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Mail.ReadMail;
using Foi.Modules.Users.Contracts;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Foi.Modules.Mail.ForgetPerson;

/// <summary>
/// What the Mail module forgets of a person who closed their account: the site's own emails to their address go,
/// with the log lines and delivery records about them; the emails of their requests are rewritten (by the Requests
/// module, which knows which they are) through <see cref="IMailErasure"/>.
/// </summary>
internal sealed class MailErasure(FoiDbContext db) : IMailErasure, IAccountClosureStep
{
    public async Task ForgetAsync(ClosingAccount account, CancellationToken cancellationToken)
    {
        if (account.FormerEmail.Length == 0)
        {
            return;
        }
        var address = account.FormerEmail.ToLowerInvariant();
        var like = "%" + address.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
#pragma warning disable CA1304, CA1311 // ToLower() here is translated to SQL lower(); no .NET culture is involved
        var toThem = await db.Set<OutgoingMail>().Where(m => EF.Functions.Like(m.EnvelopeTo.ToLower(), like, "\\")).Select(m => m.Id).ToListAsync(cancellationToken);
#pragma warning restore CA1304, CA1311
        await db.Set<MailLogEvidence>().Where(l => toThem.Contains(l.OutgoingMailId)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<RecipientDelivery>().Where(d => toThem.Contains(d.OutgoingMailId) || d.Recipient == address).ExecuteDeleteAsync(cancellationToken);
        await db.Set<OutgoingMail>().Where(m => toThem.Contains(m.Id)).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task RewriteAsync(Guid mailId, Func<string, string> scrub, IReadOnlyDictionary<int, AttachmentFile> replacements, CancellationToken cancellationToken)
    {
        if (await db.Set<IncomingMail>().SingleOrDefaultAsync(m => m.Id == mailId, cancellationToken) is { } incoming)
        {
            var (raw, subject) = await RewriteAsync(incoming.Raw, scrub, replacements, cancellationToken);
            incoming.Rewrite(raw, subject);
        }
        else if (await db.Set<OutgoingMail>().SingleOrDefaultAsync(m => m.Id == mailId, cancellationToken) is { } outgoing)
        {
            var (mime, subject) = await RewriteAsync(outgoing.Mime, scrub, replacements, cancellationToken);
            outgoing.Rewrite(mime, subject ?? "");
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task<(byte[] Raw, string? Subject)> RewriteAsync(byte[] raw, Func<string, string> scrub, IReadOnlyDictionary<int, AttachmentFile> replacements, CancellationToken cancellationToken)
    {
        var message = await MimeMessage.LoadAsync(new MemoryStream(raw, writable: false), cancellationToken);
        if (message.Subject is { } subject)
        {
            message.Subject = scrub(subject);
        }
        foreach (var mailbox in message.From.Mailboxes.Concat(message.To.Mailboxes).Concat(message.Cc.Mailboxes).Concat(message.ReplyTo.Mailboxes).Concat(message.Sender is null ? [] : [message.Sender]))
        {
            if (!string.IsNullOrEmpty(mailbox.Name))
            {
                mailbox.Name = scrub(mailbox.Name);
            }
        }
        var attachments = IncomingMailReader.Attachments(message);
        foreach (var (index, file) in replacements)
        {
            if (attachments.ElementAtOrDefault(index) is MimePart part)
            {
                var type = ContentType.Parse(file.ContentType);
                part.ContentType.MediaType = type.MediaType;
                part.ContentType.MediaSubtype = type.MediaSubtype;
                part.Content = new MimeContent(new MemoryStream(file.Content));
                part.FileName = file.FileName;
                part.ContentTransferEncoding = ContentEncoding.Base64;
            }
        }
        foreach (var text in message.BodyParts.OfType<TextPart>().Where(t => !attachments.Contains(t)))
        {
            text.Text = scrub(text.Text);
        }
        using var output = new MemoryStream();
        await message.WriteToAsync(output, cancellationToken);
        return (output.ToArray(), message.Subject);
    }
}
