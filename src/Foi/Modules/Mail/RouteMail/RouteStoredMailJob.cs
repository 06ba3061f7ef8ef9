using Quartz;

namespace Foi.Modules.Mail.RouteMail;

/// <summary>
/// The safety net under <see cref="StoredMailPickup"/>, for a node whose pickup is not running: mail stored but
/// never routed, and routed mail not yet published on its request. Each message in a unit of work of its own.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RouteStoredMailJob(StoredMailRouter stored) : IJob
{
    public static readonly JobKey Key = new("route-stored-mail", "mail");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        context.Result = $"{await RepairAsync(cancellationToken)} stored message(s) routed or handed over";
    }

    public async Task<int> RepairAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        for (int routed; (routed = await stored.RouteDueAsync(100, cancellationToken)) > 0 && total < 1000;)
        {
            total += routed;
        }
        return total + await stored.DeliverPendingAsync(500, cancellationToken);
    }
}
