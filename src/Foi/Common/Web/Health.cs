using System.Text.Json;
using Foi.Common.Data;
using Foi.Common.Jobs;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Foi.Common.Web;

/// <summary>
/// <c>/health/live</c>: the process answers (a supervisor restarts it when not). <c>/health/ready</c>: this node
/// can serve (503 when not, so a load balancer stops sending it visitors) and whether the site needs an operator
/// (200 "Degraded": mail stuck, log import or search behind, a job failing). Each module adds the checks of what it
/// owns, tagged <see cref="Ready"/>.
/// </summary>
internal static class Health
{
    public const string Ready = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<JobsHealthCheck>("jobs", tags: [Ready]);
        return services;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJsonAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteJsonAsync });
        return app;
    }

    /// <summary>The shape monitoring tools read from ASP.NET Core health checks: overall status, then each entry.</summary>
    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            totalDuration = report.TotalDuration.ToString(),
            entries = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                duration = e.Value.Duration.ToString(),
                data = e.Value.Data,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}

/// <summary>Reachable, and every migration applied: a node on an older schema than its code must not serve.</summary>
internal sealed class DatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("reachable and migrated")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied: run `foi db migrate`");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("unreachable: " + exception.GetBaseException().Message);
        }
    }
}

/// <summary>The scheduler is running on this node (when jobs are on here), and each job's last run here succeeded.</summary>
internal sealed class JobsHealthCheck(IServiceProvider services, JobRuns runs, Microsoft.Extensions.Options.IOptions<JobsOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.Enabled)
        {
            return HealthCheckResult.Healthy("off on this node (Jobs:Enabled is false): another node runs them");
        }
        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        if (await scheduler.GetStatus(cancellationToken) is var status && status != SchedulerStatus.Running)
        {
            return HealthCheckResult.Degraded($"the scheduler is not running on this node ({status})");
        }
        var data = runs.Last.ToDictionary(r => r.Job, r => (object)$"{(r.Failed ? "failed" : "ok")} at {r.FinishedAt:O}: {r.Summary}");
        var failed = runs.Last.Where(r => r.Failed).Select(r => r.Job).Order(StringComparer.Ordinal).ToList();
        return failed.Count == 0
            ? HealthCheckResult.Healthy("running", data)
            : HealthCheckResult.Degraded($"last run failed: {string.Join(", ", failed)}", data: data);
    }
}
