using Foi.Common.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Mail.ReadMailLogs;

/// <summary>
/// The MTA's current logs, as this node sees them, are read up to their end, or were read recently: a log that has
/// grown while no import ran for three import intervals (two minutes at least) means statuses go stale.
/// </summary>
internal sealed class MailLogImportHealthCheck(IServiceScopeFactory scopes, TimeProvider time, IOptions<MailOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var logs = options.Value.Logs;
        if (logs.Paths.Count == 0)
        {
            return HealthCheckResult.Healthy("off (Mail:Logs:Paths is empty)");
        }
        var allowed = TimeSpan.FromSeconds(Math.Max(120, 3 * logs.IntervalSeconds));
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var backlog = await MailLogBacklog.ReadAsync(scope.ServiceProvider.GetRequiredService<FoiDbContext>(), logs.Paths, cancellationToken);
        var behind = backlog
            .Select(e => e switch
            {
                { Problem: { } problem } => $"{e.Path} cannot be read: {problem}",
                { UnreadBytes: > 0, LastReadAt: null } => $"{e.Path} was never read",
                { UnreadBytes: > 0, LastReadAt: { } last } when now - last > allowed => $"{e.Path} has {e.UnreadBytes} unread byte(s) since {last:O}",
                _ => null,
            })
            .OfType<string>()
            .ToList();
        var data = backlog.ToDictionary(e => e.Path, e => (object)e.UnreadBytes);
        return behind.Count == 0
            ? HealthCheckResult.Healthy("current", data)
            : HealthCheckResult.Degraded(string.Join("; ", behind), data: data);
    }
}
