using System.Net;
using Foi.Common.Data;
using Foi.Common.Web;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Support;

/// <summary>Waits on the page cache the way a reader would notice it: caught up with the change feed, a page kept.</summary>
internal static class PageCacheWaits
{
    /// <summary>Waits until this node's page cache has applied every change written so far; the newest change's id.</summary>
    public static async Task<long> CaughtUpAsync(FoiFactory site)
    {
        long latest;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            latest = await scope.ServiceProvider.GetRequiredService<ChangeFeed>().LatestAsync(CancellationToken.None);
        }
        var follower = site.Services.GetRequiredService<PageCacheFollower>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (follower.AppliedThrough < latest)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"the page cache never read change {latest} (it is at {follower.AppliedThrough})");
            await Task.Delay(50);
        }
        return latest;
    }

    /// <summary>
    /// Waits until every change so far has reached the cache (a change read from the feed after a page was kept evicts
    /// it again) and <paramref name="page"/> is answered from the cache without a query; gives that page.
    /// </summary>
    public static async Task<string> KeptAsync(FoiFactory site, PageQueryCounter queries, SiteClient visitor, string page)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await CaughtUpAsync(site);
            var (count, status, html) = await queries.GetAsync(visitor, page);
            status.ShouldBe(HttpStatusCode.OK);
            if (count == 0)
            {
                return html;
            }
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"{page} was never answered from the cache");
            await Task.Delay(50);
        }
    }
}
