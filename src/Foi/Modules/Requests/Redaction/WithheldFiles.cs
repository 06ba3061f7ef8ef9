using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.Redaction;

/// <summary>The files admins must review: noted when a rule is found to match a file that cannot be redacted automatically.</summary>
internal sealed class WithheldFiles(FoiDbContext db, IIncomingMail incoming, TimeProvider time)
{
    /// <summary>Puts the attachment on the review list, once.</summary>
    public async Task NoteAsync(int requestId, int attachmentId, string reason, CancellationToken cancellationToken)
    {
        if (await db.Set<WithheldAttachment>().AnyAsync(w => w.AttachmentId == attachmentId, cancellationToken))
        {
            return;
        }
        var found = WithheldAttachment.Found(requestId, attachmentId, reason, time.GetUtcNow());
        db.Add(found);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            db.Entry(found).State = EntityState.Detached; // noted at the same moment by another visitor or node
        }
    }

    /// <summary>The redacted copy an admin uploaded, if there is one.</summary>
    public async Task<AttachmentFile?> ReplacementAsync(int attachmentId, CancellationToken cancellationToken) =>
        await db.Set<WithheldAttachment>().AsNoTracking()
            .Where(w => w.AttachmentId == attachmentId && w.ReplacementContent != null)
            .Select(w => new AttachmentFile(w.ReplacementContent!, w.ReplacementFileName!, w.ReplacementContentType!))
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>After a rule changed: notes the requests' files that the rules now match and that cannot be redacted automatically.</summary>
    public async Task ReviewAsync(IReadOnlyCollection<int> requestIds, CensorRuleSet rules, CancellationToken cancellationToken)
    {
        var ids = requestIds.ToList();
        var candidates = await (from a in db.Set<RequestAttachment>()
                                join m in db.Set<RequestMessage>() on a.RequestMessageId equals m.Id
                                join r in db.Set<InfoRequest>() on m.RequestId equals r.Id
                                where ids.Contains(r.Id) && m.IncomingMailId != null
                                select new { Request = r, MailId = m.IncomingMailId!.Value, a.Id, a.Index, a.FileName, a.ContentType, a.Text })
            .AsNoTracking().ToListAsync(cancellationToken);
        foreach (var candidate in candidates)
        {
            var redactor = rules.For(candidate.Request);
            if (!redactor.RuleMatches(candidate.Text) && !redactor.RuleMatches(candidate.FileName))
            {
                continue;
            }
            if (await incoming.OpenAttachmentAsync(candidate.MailId, candidate.Index, cancellationToken) is { } file
                && RedactedFiles.WhyWithheld(file.Content, file.ContentType, file.FileName, candidate.Text) is { } reason)
            {
                await NoteAsync(candidate.Request.Id, candidate.Id, reason, cancellationToken);
            }
        }
    }
}
