using Foi.Common.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Search.Index;

/// <summary>This node's index is open, and no change waits longer than <c>Search:BehindAfter</c> to be findable.</summary>
internal sealed class SearchIndexHealthCheck(SearchIndex index, IServiceScopeFactory scopes, TimeProvider time, IOptions<SearchOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!index.IsReady)
        {
            return HealthCheckResult.Degraded("no index yet: it is being built, and search answers nothing until then");
        }
        var through = index.ChangesThrough() ?? 0;
        await using var scope = scopes.CreateAsyncScope();
        var feed = scope.ServiceProvider.GetRequiredService<ChangeFeed>();
        var waiting = await feed.AfterAsync(through, 1, cancellationToken);
        var data = new Dictionary<string, object> { ["changes_through"] = through };
        if (waiting.Count == 0)
        {
            return HealthCheckResult.Healthy("open and current", data);
        }
        var behind = time.GetUtcNow() - waiting[0].ChangedAt;
        data["oldest_waiting_seconds"] = (long)behind.TotalSeconds;
        return behind > options.Value.BehindAfter
            ? HealthCheckResult.Degraded($"behind: a change from {waiting[0].ChangedAt:O} is not findable yet", data: data)
            : HealthCheckResult.Healthy("open, catching up", data);
    }
}
