using System.CommandLine;
using FluentValidation;
using Foi.Common.Cli;
using Foi.Common.Site;
using Foi.Modules.Search.Index;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Search;

/// <summary>The <c>Search</c> section.</summary>
internal sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>How words are stemmed and which are stop words: a key of <see cref="SearchIndex.Languages"/>.</summary>
    public string Language { get; set; } = "en";

    /// <summary>How often a node looks for changes written by other nodes and processes.</summary>
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The readiness check says "Degraded" when a change has waited longer than this to be findable.</summary>
    public TimeSpan BehindAfter { get; set; } = TimeSpan.FromMinutes(2);
}

internal sealed class SearchOptionsValidator : AbstractValidator<SearchOptions>
{
    public SearchOptionsValidator()
    {
        RuleFor(s => s.Language).Must(SearchIndex.Languages.ContainsKey)
            .WithMessage(s => $"'{s.Language}' is not allowed; it must be one of {string.Join(", ", SearchIndex.Languages.Keys)}");
        RuleFor(s => s.CatchUpInterval).GreaterThan(TimeSpan.Zero).WithMessage("must be a positive duration, such as 00:00:02");
        RuleFor(s => s.BehindAfter).GreaterThan(s => s.CatchUpInterval).WithMessage("must be longer than Search:CatchUpInterval, such as 00:02:00");
    }
}

internal static class SearchModule
{
    public static IServiceCollection AddSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddVerbs(Commands);
        var search = services.AddSettings(configuration, SearchOptions.Section, new SearchOptionsValidator());
        services.AddSingleton(provider => new SearchIndex(
            provider.GetRequiredService<Foi.Common.Site.DataDirectory>(),
            provider.GetRequiredService<ILogger<SearchIndex>>(),
            search.Language));
        services.AddScoped<SearchIndexer>();
        services.AddSingleton(provider => new SiteSearch(provider.GetRequiredService<SearchIndex>(), provider.GetRequiredService<Foi.Common.Site.SiteClock>().Zone));
        services.AddSingleton<Contracts.ISavedSearches>(provider => provider.GetRequiredService<SiteSearch>());
        services.AddHostedService<KeepIndexCurrent>();
        services.AddHostedService<EvictSearchPages>();
        services.AddSingleton<Foi.Common.Metrics.ISiteMetricsSource, SearchMetrics>();
        services.AddHealthChecks().AddCheck<SearchIndexHealthCheck>("search-index", tags: [Foi.Common.Web.Health.Ready]);
        return services;
    }

    public static IEnumerable<Command> Commands(CliContext cli)
    {
        return [new Command("search", "The search index") { Index.RebuildIndexVerb.Build(cli) }];
    }

    /// <summary>Cached search pages show what the index held: each node's index change evicts that node's copies.</summary>
    private sealed class EvictSearchPages(SearchIndex index, Foi.Common.Web.PageCache cache) : IHostedService
    {
        private void Evict() => cache.Evict(Foi.Common.Web.PageCache.SearchResults);

        public Task StartAsync(CancellationToken cancellationToken)
        {
            index.Refreshed += Evict;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            index.Refreshed -= Evict;
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// Each web node keeps its own index: it builds one when it has none (first run, deleted or damaged directory),
    /// then applies the change feed from the position its index last recorded, at once when this node wrote a change
    /// and every two seconds for changes written by other nodes and processes. A node that
    /// was down catches up when it starts. This is a per-node loop, not a Quartz job, because a clustered Quartz job
    /// runs on one node only.
    /// </summary>
    private sealed class KeepIndexCurrent(SearchIndex index, IServiceScopeFactory scopes, Foi.Common.Data.ChangeSignal changed, IOptions<SearchOptions> options, ILogger<KeepIndexCurrent> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var interval = options.Value.CatchUpInterval;
            using var listener = changed.Listen();
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var indexer = scope.ServiceProvider.GetRequiredService<SearchIndexer>();
                    if (!index.IsReady)
                    {
                        var written = await indexer.RebuildAsync(null, stoppingToken);
                        logger.LogInformation("Search index built: {Documents} documents", written);
                    }
                    await indexer.CatchUpAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The feed keeps the changes: the next round retries from the same position.
                    logger.LogError(exception, "Updating the search index failed; retrying");
                }
                try
                {
                    await listener.WaitAsync(interval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
