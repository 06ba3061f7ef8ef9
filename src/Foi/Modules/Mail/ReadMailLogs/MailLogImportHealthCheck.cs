using Foi.Common.Data;
using Foi.Modules.Mail.Domain;
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
        var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
        var data = new Dictionary<string, object>();
        var behind = new List<string>();
        foreach (var path in MailLogImporter.Expand(logs.Paths).Where(p => !LogFileReader.IsFinished(p)))
        {
            string? identity;
            long length;
            try
            {
                identity = LogFileReader.Identity(path);
                length = new FileInfo(path).Length;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                behind.Add($"{path} cannot be read: {exception.Message}");
                continue;
            }
            if (identity is null)
            {
                continue;
            }
            var state = await db.Set<MailLogFile>().FindAsync([identity], cancellationToken);
            var unread = Math.Max(0, length - (state?.Offset ?? 0));
            data[path] = unread;
            if (unread > 0 && (state is null || now - state.UpdatedAt > allowed))
            {
                behind.Add(state is null ? $"{path} was never read" : $"{path} has {unread} unread byte(s) since {state.UpdatedAt:O}");
            }
        }
        return behind.Count == 0
            ? HealthCheckResult.Healthy("current", data)
            : HealthCheckResult.Degraded(string.Join("; ", behind), data: data);
    }
}
