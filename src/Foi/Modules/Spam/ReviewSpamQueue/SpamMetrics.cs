using System.Diagnostics.Metrics;
using Foi.Common.Data;
using Foi.Common.Metrics;
using Foi.Modules.Spam.Domain;

namespace Foi.Modules.Spam.ReviewSpamQueue;

/// <summary>The accounts flagged and waiting for an admin's decision.</summary>
internal sealed class SpamMetrics : ISiteMetricsSource
{
    public SpamMetrics(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider time)
    {
        var waiting = new CachedReading<long>(() =>
        {
            using var scope = scopes.CreateScope();
            return scope.ServiceProvider.GetRequiredService<FoiDbContext>().Set<SpamAssessment>().LongCount(a => a.Verdict == SpamVerdict.Flagged);
        }, TimeSpan.FromSeconds(5), time);
        meters.Create(SiteMetrics.MeterName).CreateObservableGauge("foi.spam.queue.accounts", () => waiting.Value,
            unit: "{account}", description: "Accounts the spam rules flagged, waiting in the admins' queue");
    }
}
