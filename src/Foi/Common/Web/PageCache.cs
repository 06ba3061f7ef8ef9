using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using Foi.Common.Data;
using Microsoft.AspNetCore.OutputCaching;

namespace Foi.Common.Web;

/// <summary>
/// Public pages as anonymous visitors (most of the traffic) read them, kept in memory and served without running the
/// page again. Every cached page is tagged with what it shows ("request:42", "authority:7", "user:3", "lists"); a
/// change to one of those evicts the pages that show it: at once on the node that made the change, and on every node
/// from the change feed within <see cref="PageCacheOptions.FollowInterval"/>. Signed-in visitors, and anyone carrying a
/// notice to show, get the page made for them.
/// </summary>
internal sealed class PageCache(IOutputCacheStore store, ILogger<PageCache> logger) : IChangeObserver
{
    public const string Policy = "page";

    /// <summary>Every cached page carries this tag: evicting it empties the cache (a censor rule changed).</summary>
    public const string AllPages = "page";

    /// <summary>Pages listing requests (home, /list, authorities' and people's pages): any request change evicts them.</summary>
    public const string Lists = "lists";

    /// <summary>Search pages: evicted when this node's search index changes, not by the change feed directly.</summary>
    public const string SearchResults = "search";

    /// <summary>
    /// A change-feed topic for what alters a request's page and nothing else (its mail's delivery status): it evicts the
    /// page on every node without making search index the request again.
    /// </summary>
    public const string RequestPageTopic = "request-page";

    /// <summary>A change-feed topic that evicts every page: news too wide to name one by one.</summary>
    public const string EveryPageTopic = "pages";

    public static string RequestTag(int id) => $"request:{id}";

    public static string AuthorityTag(int id) => $"authority:{id}";

    public static string UserTag(int id) => $"user:{id}";

    /// <summary>Adds tags to the page being made, when it is one the cache may keep.</summary>
    public static void Tag(HttpContext context, params IEnumerable<string> tags)
    {
        if (context.Features.Get<IOutputCacheFeature>() is { } feature)
        {
            foreach (var tag in tags)
            {
                feature.Context.Tags.Add(tag);
            }
        }
    }

    /// <summary>The tags whose pages show what a change to <paramref name="topic"/> <paramref name="id"/> changed.</summary>
    public static IEnumerable<string> TagsOf(string topic, int id) => topic switch
    {
        "request" => [RequestTag(id), Lists],
        "authority" => [AuthorityTag(id), Lists],
        "user" => [UserTag(id), Lists],
        RequestPageTopic => [RequestTag(id)],
        // A topic this cache does not know (a censor rule among them) may change any page.
        _ => [AllPages],
    };

    /// <summary>Evicts the pages tagged <paramref name="tag"/> (the memory store does it without waiting).</summary>
    public void Evict(string tag)
    {
        try
        {
            store.EvictByTagAsync(tag, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Evicting cached pages tagged {Tag} failed", tag);
        }
    }

    public async ValueTask ChangedAsync(IReadOnlyCollection<(string Topic, int Id)> changes, CancellationToken cancellationToken)
    {
        foreach (var tag in changes.SelectMany(c => TagsOf(c.Topic, c.Id)).Distinct())
        {
            try
            {
                await store.EvictByTagAsync(tag, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The change is saved whatever the cache does; the feed follower evicts again on its next round.
                logger.LogError(exception, "Evicting cached pages tagged {Tag} failed", tag);
            }
        }
    }
}

internal sealed class PageCacheOptions
{
    public const string Section = "PageCache";

    /// <summary>False serves every page fresh.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a page is kept at most: what no change evicts (today's "overdue" labels, delivery news) shows within it.</summary>
    public TimeSpan KeptFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often each node reads the change feed for changes other nodes made.</summary>
    public TimeSpan FollowInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The memory all cached pages may take, in megabytes.</summary>
    public int SizeLimitMegabytes { get; set; } = 256;
}

/// <summary>
/// Who gets a cached page: anonymous GETs without a notice cookie. What is kept: 200 answers that set no cookie (a page
/// with a form sets its token cookie, and is made afresh).
/// </summary>
internal sealed class AnonymousPagePolicy(TimeSpan keptFor) : IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var noticeCookie = context.HttpContext.RequestServices
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>>().Value.Cookie.Name!;
        var cacheable = HttpMethods.IsGet(request.Method)
            && context.HttpContext.User.Identity?.IsAuthenticated != true
            && !request.Cookies.ContainsKey(noticeCookie);
        context.HttpContext.Items[FreshPageStore.StartedAt] = Stopwatch.GetTimestamp();
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = keptFor;
        context.Tags.Add(PageCache.AllPages);
        // Every query string is its own page (/search?q=, /list?before=, /authorities?letter=): the built-in default
        // policy says so, a policy of one's own must too.
        context.CacheVaryByRules.QueryKeys = "*";
        // A theme with several languages answers each visitor in theirs: one copy per language.
        context.CacheVaryByRules.VaryByValues["culture"] = System.Globalization.CultureInfo.CurrentUICulture.Name;
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The memory store, guarded against a page made from what was read before a change and stored after that change
/// evicted its tags: without the guard that stale copy would stay until it expired. A page is kept only when none of
/// its tags was evicted since its request began.
/// </summary>
internal sealed class FreshPageStore(IOutputCacheStore inner, IHttpContextAccessor http) : IOutputCacheStore, IOutputCacheBufferStore
{
    public const string StartedAt = "PageCache.StartedAt";

    // No page takes this long to make; one that did is not kept, so older evictions need not be remembered.
    private static readonly TimeSpan Remembered = TimeSpan.FromMinutes(1);
    private const int ForgetAbove = 10_000;

    private readonly ConcurrentDictionary<string, long> evictedAt = new(StringComparer.Ordinal);
    private int pruneAbove = ForgetAbove;

    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        var now = Stopwatch.GetTimestamp();
        evictedAt[tag] = now;
        if (evictedAt.Count > pruneAbove)
        {
            foreach (var (old, at) in evictedAt)
            {
                if (Stopwatch.GetElapsedTime(at, now) > Remembered)
                {
                    evictedAt.TryRemove(old, out _);
                }
            }
            // A burst (a first import of the mail logs) may leave more than that within the minute: prune again only
            // once it has doubled, so a burst costs a pass now and then rather than one per eviction.
            pruneAbove = Math.Max(ForgetAbove, evictedAt.Count * 2);
        }
        return inner.EvictByTagAsync(tag, cancellationToken);
    }

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        if (MayKeep(tags, out var started))
        {
            await inner.SetAsync(key, value, tags, validFor, cancellationToken);
            await EvictIfEvictedSinceAsync(tags, started, cancellationToken);
        }
    }

    public ValueTask<bool> TryGetAsync(string key, PipeWriter destination, CancellationToken cancellationToken) =>
        inner is IOutputCacheBufferStore buffers ? buffers.TryGetAsync(key, destination, cancellationToken) : FromBytesAsync(key, destination, cancellationToken);

    public async ValueTask SetAsync(string key, ReadOnlySequence<byte> value, ReadOnlyMemory<string> tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        var tagArray = tags.ToArray();
        if (MayKeep(tagArray, out var started))
        {
            if (inner is IOutputCacheBufferStore buffers)
            {
                await buffers.SetAsync(key, value, tags, validFor, cancellationToken);
            }
            else
            {
                await inner.SetAsync(key, value.ToArray(), tagArray, validFor, cancellationToken);
            }
            await EvictIfEvictedSinceAsync(tagArray, started, cancellationToken);
        }
    }

    /// <summary>True when the page's request began lately and none of its tags was evicted since.</summary>
    private bool MayKeep(string[]? tags, out long started)
    {
        started = http.HttpContext?.Items[StartedAt] is long at ? at : 0;
        return started != 0 && Stopwatch.GetElapsedTime(started) < Remembered && !EvictedSince(tags, started).Any();
    }

    private IEnumerable<string> EvictedSince(string[]? tags, long started) =>
        (tags ?? []).Where(tag => evictedAt.TryGetValue(tag, out var at) && at >= started);

    // A change evicting between the check and the store must not leave the copy behind.
    private async ValueTask EvictIfEvictedSinceAsync(string[]? tags, long started, CancellationToken cancellationToken)
    {
        foreach (var tag in EvictedSince(tags, started).ToList())
        {
            await inner.EvictByTagAsync(tag, cancellationToken);
        }
    }

    private async ValueTask<bool> FromBytesAsync(string key, PipeWriter destination, CancellationToken cancellationToken)
    {
        if (await inner.GetAsync(key, cancellationToken) is not { } bytes)
        {
            return false;
        }
        await destination.WriteAsync(bytes, cancellationToken);
        return true;
    }
}

/// <summary>
/// Reads the change feed from where this process started and evicts what the changes touched: other nodes' changes,
/// and this node's again, for a page made between a change's eviction and its commit. Each change is applied once: the
/// ones read past a gap (a change still being written) are remembered, not evicted again every round until it closes.
/// </summary>
internal sealed class PageCacheFollower(PageCache cache, IServiceScopeFactory scopes, ChangeSignal signal, TimeProvider time,
    Microsoft.Extensions.Options.IOptions<PageCacheOptions> options, ILogger<PageCacheFollower> logger) : BackgroundService
{
    private const int BatchSize = 1000;
    private readonly ChangesAppliedPastGap appliedPastGap = new();
    private long appliedThrough = -1;

    /// <summary>The newest change this node's cache has applied; -1 before the first round.</summary>
    public long AppliedThrough => Volatile.Read(ref appliedThrough);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var listener = signal.Listen();
        long? position = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var feed = scope.ServiceProvider.GetRequiredService<ChangeFeed>();
                // A new process has nothing cached: what changed before it started is not its concern.
                position ??= await feed.LatestAsync(stoppingToken);
                (position, var newest) = await FollowAsync(feed, position.Value, stoppingToken);
                Volatile.Write(ref appliedThrough, newest);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Reading the change feed for the page cache failed; retrying");
            }
            try
            {
                await listener.WaitAsync(options.Value.FollowInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Applies what is new after <paramref name="position"/>; the position to record and the newest change applied.</summary>
    private async Task<(long Position, long Newest)> FollowAsync(ChangeFeed feed, long position, CancellationToken cancellationToken)
    {
        var read = new List<ChangeEntry>();
        while (await feed.AfterAsync(read.Count > 0 ? read[^1].ChangeId : position, BatchSize, cancellationToken) is { Count: > 0 } batch)
        {
            var fresh = batch.Where(c => !appliedPastGap.Contains(position, c.ChangeId)).ToList();
            if (fresh.Count > 0)
            {
                await cache.ChangedAsync(fresh.Select(c => (c.Topic, c.EntityId)).ToList(), cancellationToken);
            }
            appliedPastGap.Remember(position, position, fresh.Select(c => c.ChangeId));
            read.AddRange(batch);
        }
        var through = ChangeFeed.SafePosition(position, read, time.GetUtcNow());
        appliedPastGap.Remember(position, through, []);
        return (through, read.Count > 0 ? read[^1].ChangeId : position);
    }
}

internal static class PageCacheSetup
{
    public static IServiceCollection AddPageCache(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(PageCacheOptions.Section).Get<PageCacheOptions>() ?? new PageCacheOptions();
        services.Configure<PageCacheOptions>(configuration.GetSection(PageCacheOptions.Section));
        services.AddOutputCache(cache =>
        {
            cache.SizeLimit = options.SizeLimitMegabytes * 1024L * 1024L;
            cache.AddPolicy(PageCache.Policy, new AnonymousPagePolicy(options.KeptFor));
        });
        services.AddHttpContextAccessor();
        var memoryStore = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        services.Remove(memoryStore);
        services.AddSingleton<IOutputCacheStore>(provider => new FreshPageStore(
            (IOutputCacheStore)(memoryStore.ImplementationFactory?.Invoke(provider) ?? memoryStore.ImplementationInstance
                ?? ActivatorUtilities.CreateInstance(provider, memoryStore.ImplementationType!)),
            provider.GetRequiredService<IHttpContextAccessor>()));
        services.AddSingleton<PageCache>();
        if (options.Enabled)
        {
            services.AddSingleton<IChangeObserver>(provider => provider.GetRequiredService<PageCache>());
            services.AddSingleton<PageCacheFollower>();
            services.AddHostedService(provider => provider.GetRequiredService<PageCacheFollower>());
        }
        return services;
    }

    /// <summary>
    /// Brotli or gzip for pages, feeds, the API and the theme's files, at the fastest level: a 190 KB request page
    /// shrinks about ten times for little work. Over HTTPS too: the form tokens on a page differ on every answer, so
    /// compressing them with reflected text gives an attacker nothing to compare (BREACH).
    /// </summary>
    public static IServiceCollection AddCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            options.MimeTypes = Microsoft.AspNetCore.ResponseCompression.ResponseCompressionDefaults.MimeTypes
                .Concat(["image/svg+xml", "application/atom+xml", "application/problem+json"]);
        });
        services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        return services;
    }

    public static WebApplication UsePageCache(this WebApplication app)
    {
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PageCacheOptions>>().Value.Enabled)
        {
            app.UseOutputCache();
        }
        return app;
    }
}
