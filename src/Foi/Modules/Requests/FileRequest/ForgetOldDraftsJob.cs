using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Foi.Modules.Requests.FileRequest;

/// <summary>
/// Deletes drafts left by visitors who never signed in to send them, after a month; and, after a month too, the ids of
/// sent letter forms (no browser posts a form again that late).
/// </summary>
[DisallowConcurrentExecution]
internal sealed class ForgetOldDraftsJob(FoiDbContext db, TimeProvider time) : IJob
{
    public static readonly JobKey Key = new("forget-old-drafts", "requests");

    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(30);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = $"{await ForgetAsync(cancellationToken)} old draft(s) deleted";

    public async Task<int> ForgetAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - KeptFor;
        await db.Set<LetterSubmission>().Where(s => s.SentAt < before).ExecuteDeleteAsync(cancellationToken);
        return await db.Set<RequestDraft>().Where(d => d.UpdatedAt < before).ExecuteDeleteAsync(cancellationToken);
    }
}
