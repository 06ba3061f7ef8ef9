using System.CommandLine;
using Foi.Common.Cli;
using Foi.Modules.Search.Index;
using Spectre.Console;

namespace Foi.Modules.Search;

internal static class SearchModule
{
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddSingleton<SearchIndex>();
        services.AddScoped<SearchIndexer>();
        services.AddSingleton<SiteSearch>();
        services.AddHostedService<BuildMissingIndex>();
        return services;
    }

    public static IEnumerable<Command> Commands(CliContext cli)
    {
        var reindex = new Command("reindex", "Rebuild the search index from the database into a new directory and swap it in when complete");
        reindex.SetAction(async (_, cancellationToken) =>
        {
            await using var scope = cli.CreateScope();
            var indexer = scope.ServiceProvider.GetRequiredService<SearchIndexer>();
            int written;
            if (cli.Interactive)
            {
                written = 0;
                await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn()).StartAsync(async progress =>
                {
                    var task = progress.AddTask("Indexing");
                    task.IsIndeterminate = true;
                    written = await indexer.RebuildAsync(new Progress<int>(done => task.Description = $"Indexed {done:N0} documents"), cancellationToken);
                    task.StopTask();
                });
            }
            else
            {
                written = await indexer.RebuildAsync(null, cancellationToken);
            }
            await cli.Output.WriteLineAsync($"Indexed {written} document(s); the new index is in use.");
            return 0;
        });
        return [new Command("search", "The search index") { reindex }];
    }

    /// <summary>A site started without an index (first run, deleted or damaged directory) builds one in the background.</summary>
    private sealed class BuildMissingIndex(SearchIndex index, IServiceScopeFactory scopes, ILogger<BuildMissingIndex> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            if (index.IsReady)
            {
                return;
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var written = await scope.ServiceProvider.GetRequiredService<SearchIndexer>().RebuildAsync(null, stoppingToken);
                logger.LogInformation("Search index built: {Documents} documents", written);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Building the search index failed; run `foi search reindex`");
            }
        }
    }
}
