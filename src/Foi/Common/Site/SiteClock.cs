using Microsoft.Extensions.Options;

namespace Foi.Common.Site;

/// <summary>"Now" and "today" in the site's time zone, from the injected <see cref="TimeProvider"/>.</summary>
internal sealed class SiteClock(TimeProvider time, IOptions<SiteOptions> options)
{
    private readonly TimeZoneInfo zone = options.Value.ResolveTimeZone();

    public DateTimeOffset UtcNow => time.GetUtcNow();

    public TimeZoneInfo Zone => zone;

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);

    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    public DateTimeOffset ToSiteTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone);
}
