using System.Text;
using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Requests.Redaction;
using Foi.Modules.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.PersonalData;

/// <summary>
/// What the Requests module forgets of a person who closed their account. Their requests stay published, but their
/// name and address leave the titles, letters, replies, attachments (files too: a file that named them is replaced by
/// a copy made from its text without the name) and comments, in the database itself, not only on the page; their
/// follows, alerts and reports go.
/// </summary>
internal sealed class ForgetRequesterStep(FoiDbContext db, IIncomingMail incoming, IMailErasure mail, TimeProvider time) : IAccountClosureStep
{
    private const string ScanRemoved = "This file was a scan that named a person who has since closed their account, so it was removed.";

    public async Task ForgetAsync(ClosingAccount account, CancellationToken cancellationToken)
    {
        string Scrub(string text) => account.Scrub(text);
        var requests = await db.Set<InfoRequest>().Where(r => r.UserId == account.UserId).ToListAsync(cancellationToken);
        var requestIds = requests.Select(r => r.Id).ToList();
        var formerSlugs = new Dictionary<int, (string Former, string Now)>();
        foreach (var request in requests)
        {
            var title = Scrub(request.Title);
            if (title != request.Title)
            {
                // The old address was made from the name: no alias keeps it, and the letters' links move to the new one.
                var former = request.Slug;
                request.Forget(Scrub, await Slug.UniqueAsync(title, RequestSlugs.MaxLength, candidate => RequestSlugs.TakenAsync(db, candidate, cancellationToken)));
                formerSlugs[request.Id] = (former, request.Slug);
            }
        }
        var messages = await db.Set<RequestMessage>().Where(m => requestIds.Contains(m.RequestId)).ToListAsync(cancellationToken);
        var messageIds = messages.Select(m => m.Id).ToList();
        var attachments = (await db.Set<RequestAttachment>().Where(a => messageIds.Contains(a.RequestMessageId)).ToListAsync(cancellationToken)).ToLookup(a => a.RequestMessageId);
        foreach (var message in messages)
        {
            message.Forget(Scrub);
            var replacements = new Dictionary<int, AttachmentFile>();
            foreach (var attachment in attachments[message.Id])
            {
                var (text, name) = (attachment.Text, attachment.FileName);
                attachment.Forget(Scrub);
                if ((text != attachment.Text || name != attachment.FileName) && message.IncomingMailId is { } mailId
                    && await incoming.OpenAttachmentAsync(mailId, attachment.Index, cancellationToken) is { } file)
                {
                    replacements[attachment.Index] = Replacement(file, attachment);
                }
            }
            if ((message.IncomingMailId ?? message.OutgoingMailId) is { } id)
            {
                var scrubMail = formerSlugs.TryGetValue(message.RequestId, out var slugs)
                    ? text => Scrub(text).Replace(slugs.Former, slugs.Now, StringComparison.Ordinal)
                    : (Func<string, string>)Scrub;
                await mail.RewriteAsync(id, scrubMail, replacements, cancellationToken);
            }
        }
        foreach (var comment in await db.Set<Comment>().Where(c => c.UserId == account.UserId || requestIds.Contains(c.RequestId)).ToListAsync(cancellationToken))
        {
            comment.Forget(Scrub);
        }
        // The rules that hid their real name behind a public one: the name they held is now gone from the text itself.
        var ownRules = await db.Set<CensorRule>().Where(r => r.Scope == CensorScope.Person && r.ScopeId == account.UserId).Select(r => r.Id).ToListAsync(cancellationToken);
        foreach (var line in await db.Set<CensorRuleChange>().Where(c => ownRules.Contains(c.RuleId)).ToListAsync(cancellationToken))
        {
            line.Forget(Scrub);
        }
        await db.Set<CensorRule>().Where(r => ownRules.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<Follow>().Where(f => f.UserId == account.UserId).ExecuteDeleteAsync(cancellationToken);
        await db.Set<AlertCursor>().Where(c => c.UserId == account.UserId).ExecuteDeleteAsync(cancellationToken);
        await db.Set<CommentReport>().Where(r => r.UserId == account.UserId).ExecuteDeleteAsync(cancellationToken);
        // Every request of theirs is indexed again, with the requester's new name, even where no text changed.
        var now = time.GetUtcNow();
        db.Set<Change>().AddRange(requestIds.Select(id => Change.Of(Contracts.RequestTopic.Name, id, now)));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The file without the name: plain text rewritten, anything else a PDF of its (rewritten) text, a scan a notice.</summary>
    private static AttachmentFile Replacement(AttachmentFile original, RequestAttachment attachment) =>
        RedactedFiles.Make(original.Content, original.ContentType, attachment.FileName, attachment.Text ?? "", new Redactor([])) switch
        {
            RedactedFile.Copy copy => new AttachmentFile(copy.Content, copy.FileName, copy.ContentType),
            _ => new AttachmentFile(Encoding.UTF8.GetBytes(ScanRemoved), Path.GetFileNameWithoutExtension(attachment.FileName) + " (removed).txt", "text/plain; charset=utf-8"),
        };
}
