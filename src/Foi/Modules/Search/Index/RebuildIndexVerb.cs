using System.CommandLine;
using Foi.Common.Cli;
using Spectre.Console;

namespace Foi.Modules.Search.Index;

/// <summary><c>foi search reindex</c>: a new index built beside the one in use and swapped in when complete.</summary>
internal static class RebuildIndexVerb
{
    public static Command Build(CliContext cli)
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
        return reindex;
    }
}
