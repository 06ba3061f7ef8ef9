using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Mail.SendMail;

/// <summary>Nothing waits to be handed to the mail server for longer than <c>Mail:OutgoingStuckAfter</c>.</summary>
internal sealed class OutgoingQueueHealthCheck(IServiceScopeFactory scopes, TimeProvider time, IOptions<MailOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
        var unsent = db.Set<OutgoingMail>().Where(m => m.State == DeliveryState.Queued || m.State == DeliveryState.Failed);
        var count = await unsent.CountAsync(cancellationToken);
        var oldest = await unsent.MinAsync(m => (DateTimeOffset?)m.QueuedAt, cancellationToken);
        var age = oldest is { } queuedAt ? time.GetUtcNow() - queuedAt : TimeSpan.Zero;
        var data = new Dictionary<string, object> { ["unsent"] = count, ["oldest_unsent_seconds"] = (long)age.TotalSeconds };
        return age > options.Value.OutgoingStuckAfter
            ? HealthCheckResult.Degraded($"{count} message(s) unsent, the oldest queued at {oldest:O}: is the mail server reachable?", data: data)
            : HealthCheckResult.Healthy(count == 0 ? "empty" : $"{count} message(s) waiting", data);
    }
}
