using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Foi.Modules.Requests.SendReminders;

/// <summary>
/// Emails a requester once when their request becomes overdue, once when it becomes long overdue, and once when a
/// response has waited three days for them to classify it. Each reminder is marked on the request in the same
/// transaction that queues its email, so a restart never sends one twice.
/// </summary>
internal sealed class RequestReminders(FoiDbContext db, RequesterMail mail, IAuthorityDirectory authorities, SiteClock clock)
{
    public static readonly TimeSpan ClassifyAfter = TimeSpan.FromDays(3);

    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var now = clock.UtcNow;
        var classifyBefore = now - ClassifyAfter;
        var waiting = new[] { RequestState.WaitingResponse, RequestState.InternalReview };

        var longOverdue = await db.Set<InfoRequest>()
            .Where(r => waiting.Contains(r.State) && !r.AwaitingClassification && r.LongOverdueDate < today && r.LongOverdueReminderSentAt == null)
            .OrderBy(r => r.Id).Take(500).ToListAsync(cancellationToken);
        var overdue = await db.Set<InfoRequest>()
            .Where(r => waiting.Contains(r.State) && !r.AwaitingClassification && r.DueDate < today && r.LongOverdueDate >= today && r.OverdueReminderSentAt == null)
            .OrderBy(r => r.Id).Take(500).ToListAsync(cancellationToken);
        var unclassified = await db.Set<InfoRequest>()
            .Where(r => r.AwaitingClassification && r.ClassifyReminderSentAt == null && r.LastResponseAt != null)
            .OrderBy(r => r.Id).Take(2000).ToListAsync(cancellationToken);

        var sent = 0;
        foreach (var request in longOverdue)
        {
            var authority = await NameOfAsync(request, cancellationToken);
            var review = request.State == RequestState.InternalReview;
            sent += await RemindAsync(request, review ? $"The internal review of \"{request.Title}\" is long overdue" : $"\"{request.Title}\" is long overdue",
                $"""
                {authority} should have {(review ? "finished its internal review of" : "answered")} your request "{request.Title}" by {request.DueDate:d MMMM yyyy},
                and it is now long overdue. You can complain to the information regulator; see how at {mail.LinkTo(request)} and in our help
                on what to do when you are unhappy.
                """, r => { r.LongOverdueReminded(now); r.OverdueReminded(now); }, cancellationToken);
        }
        foreach (var request in overdue)
        {
            var authority = await NameOfAsync(request, cancellationToken);
            var review = request.State == RequestState.InternalReview;
            sent += await RemindAsync(request, review ? $"The internal review of \"{request.Title}\" is overdue" : $"\"{request.Title}\" is overdue",
                $"""
                {authority} should have {(review ? "finished its internal review of" : "answered")} your request "{request.Title}" by {request.DueDate:d MMMM yyyy}.
                It should do so promptly. You can write a follow-up reminding it of its duty:

                {mail.LinkTo(request)}
                """, r => r.OverdueReminded(now), cancellationToken);
        }
        foreach (var request in unclassified.Where(r => r.LastResponseAt < classifyBefore))
        {
            sent += await RemindAsync(request, $"Was the response to \"{request.Title}\" what you asked for?",
                $"""
                A few days ago your request "{request.Title}" received a response. Please tell us what it says: it takes a
                moment, keeps the site useful for everyone, and lets us suggest your next step.

                {mail.LinkTo(request, "classify-heading")}
                """, r => r.ClassifyReminded(now), cancellationToken);
        }
        return sent;
    }

    private async Task<int> RemindAsync(InfoRequest request, string subject, string body, Action<InfoRequest> mark, CancellationToken cancellationToken)
    {
        var id = await mail.QueueAsync(request, subject, body, cancellationToken);
        mark(request);
        await db.SaveChangesAsync(cancellationToken);
        await mail.SendAsync(id, cancellationToken);
        return id is null ? 0 : 1;
    }

    private async Task<string> NameOfAsync(InfoRequest request, CancellationToken cancellationToken) =>
        (await authorities.FindAsync(request.AuthorityId, cancellationToken))?.Name ?? "The authority";
}

[DisallowConcurrentExecution]
internal sealed class SendRemindersJob(RequestReminders reminders) : IJob
{
    public static readonly JobKey Key = new("send-reminders", "requests");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = $"{await reminders.SendDueAsync(cancellationToken)} reminder(s) sent";
}
