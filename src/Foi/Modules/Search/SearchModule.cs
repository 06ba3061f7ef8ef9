using System.CommandLine;
using Foi.Common.Cli;
using Foi.Modules.Search.Index;

namespace Foi.Modules.Search;

internal static class SearchModule
{
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddVerbs(Commands);
        services.AddSingleton(provider => new SearchIndex(
            provider.GetRequiredService<Foi.Common.Site.DataDirectory>(),
            provider.GetRequiredService<ILogger<SearchIndex>>(),
            provider.GetRequiredService<IConfiguration>()["Search:Language"] ?? "en"));
        services.AddScoped<SearchIndexer>();
        services.AddSingleton(provider => new SiteSearch(provider.GetRequiredService<SearchIndex>(), provider.GetRequiredService<Foi.Common.Site.SiteClock>().Zone));
        services.AddHostedService<KeepIndexCurrent>();
        return services;
    }

    public static IEnumerable<Command> Commands(CliContext cli)
    {
        return [new Command("search", "The search index") { Index.RebuildIndexVerb.Build(cli) }];
    }

    /// <summary>
    /// Each web node keeps its own index: it builds one when it has none (first run, deleted or damaged directory),
    /// then applies the change feed from the position its index last recorded, at once when this node wrote a change
    /// and every two seconds for changes written by other nodes and processes. A node that
    /// was down catches up when it starts. This is a per-node loop, not a Quartz job, because a clustered Quartz job
    /// runs on one node only.
    /// </summary>
    private sealed class KeepIndexCurrent(SearchIndex index, IServiceScopeFactory scopes, Foi.Common.Data.ChangeSignal changed, IConfiguration configuration, ILogger<KeepIndexCurrent> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var interval = configuration.GetValue("Search:CatchUpInterval", TimeSpan.FromSeconds(2));
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
                    await changed.WaitAsync(interval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
