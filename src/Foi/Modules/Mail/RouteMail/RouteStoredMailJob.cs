using Foi.Common.Data;
using Foi.Modules.Mail.Domain;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Foi.Modules.Mail.RouteMail;

/// <summary>Repairs what a crash interrupted: mail stored but never routed, and routed mail not yet published on its request.</summary>
[DisallowConcurrentExecution]
internal sealed class RouteStoredMailJob(FoiDbContext db, MailRouter router, TimeProvider time) : IJob
{
    public static readonly JobKey Key = new("route-stored-mail", "mail");

    /// <summary>Mail younger than this is probably being routed by the process that received it.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await RepairAsync(cancellationToken);

    public async Task<int> RepairAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - Grace;
        var stored = await db.Set<IncomingMail>().Where(m => m.State == IncomingState.Stored && m.ReceivedAt < before)
            .OrderBy(m => m.ReceivedAt).Select(m => m.Id).Take(500).ToListAsync(cancellationToken);
        foreach (var id in stored)
        {
            await router.RouteAsync(id, cancellationToken);
        }
        return stored.Count + await router.DeliverPendingAsync(null, cancellationToken);
    }
}
