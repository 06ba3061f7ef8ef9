using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests;

/// <summary>Finds the request a letter form was already sent to (see <see cref="LetterSubmission"/>).</summary>
internal static class SentLetters
{
    public static async Task<InfoRequest?> FindAsync(FoiDbContext db, Guid? submissionId, int userId, CancellationToken cancellationToken)
    {
        if (submissionId is not { } id)
        {
            return null;
        }
        var requestId = await db.Set<LetterSubmission>().AsNoTracking()
            .Where(s => s.Id == id && s.UserId == userId).Select(s => (int?)s.RequestId).SingleOrDefaultAsync(cancellationToken);
        return requestId is null ? null : await db.Set<InfoRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
    }

    /// <summary>
    /// The mails of a request's correspondence, oldest first, ending with the one a new letter answers (the latest):
    /// what threads the new letter in the officer's mail client.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> ThreadAsync(FoiDbContext db, int requestId, CancellationToken cancellationToken)
    {
        var messages = await db.Set<RequestMessage>().AsNoTracking()
            .Where(m => m.RequestId == requestId && !m.IsAutoReply)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => new { m.OutgoingMailId, m.IncomingMailId })
            .ToListAsync(cancellationToken);
        // A received message's time is the one its sender wrote; whatever the clocks say, the letter answers the
        // latest reply, so that one goes last (it becomes In-Reply-To).
        var answered = messages.LastOrDefault(m => m.IncomingMailId is not null);
        return messages.Where(m => m != answered).Append(answered)
            .Select(m => m?.OutgoingMailId ?? m?.IncomingMailId).OfType<Guid>().ToList();
    }

    /// <summary>Whether saving failed because the same form was sent at the same moment by another post.</summary>
    public static bool IsSecondPost(DbUpdateException exception, Guid? submissionId) =>
        submissionId is not null && UniqueViolation.Is(exception);
}
