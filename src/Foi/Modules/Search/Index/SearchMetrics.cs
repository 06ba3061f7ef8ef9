using System.Diagnostics.Metrics;
using Foi.Common.Data;
using Foi.Common.Metrics;

namespace Foi.Modules.Search.Index;

/// <summary>How far this node's index is behind the change feed: in changes, and in seconds the oldest has waited.</summary>
internal sealed class SearchMetrics : ISiteMetricsSource
{
    public SearchMetrics(IMeterFactory meters, SearchIndex index, IServiceScopeFactory scopes, TimeProvider time)
    {
        var lag = new CachedReading<(long Changes, double Seconds)>(() =>
        {
            using var scope = scopes.CreateScope();
            var feed = scope.ServiceProvider.GetRequiredService<ChangeFeed>();
            var through = index.ChangesThrough() ?? 0;
            var latest = feed.LatestAsync(CancellationToken.None).GetAwaiter().GetResult();
            var waiting = feed.AfterAsync(through, 1, CancellationToken.None).GetAwaiter().GetResult();
            return (Math.Max(0, latest - through), waiting.Count == 0 ? 0 : Math.Max(0, (time.GetUtcNow() - waiting[0].ChangedAt).TotalSeconds));
        }, TimeSpan.FromSeconds(5), time);
        var meter = meters.Create(SiteMetrics.MeterName);
        meter.CreateObservableGauge("foi.search.index.ready", () => index.IsReady ? 1 : 0,
            description: "1 when this node's search index is open, 0 while it is being built");
        meter.CreateObservableGauge("foi.search.index.lag", () => lag.Value.Changes,
            unit: "{change}", description: "Changes written to the database and not yet in this node's search index");
        meter.CreateObservableGauge("foi.search.index.lag_age", () => lag.Value.Seconds,
            unit: "s", description: "How long the oldest change not yet in this node's index has waited; 0 when current");
    }
}
