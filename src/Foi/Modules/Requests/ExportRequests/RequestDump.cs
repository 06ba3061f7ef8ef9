using System.CommandLine;
using System.IO.Compression;
using System.Text.Json;
using Foi.Common.Cli;
using Foi.Common.Site;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Requests.ReadApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Requests.ExportRequests;

/// <summary>The dump as it is on this node's disk.</summary>
/// <param name="Size">Its size in bytes, compressed.</param>
/// <param name="CreatedAt">When it was finished.</param>
internal sealed record RequestDumpInfo(long Size, DateTimeOffset CreatedAt);

/// <summary>
/// Every public request with its correspondence as published, one JSON object per line (the shape of
/// <c>/api/v1/requests/{slug}</c>), gzipped: for researchers who want everything without paging the API. Written to
/// a temporary file and renamed, so a reader never sees half a dump.
/// </summary>
internal sealed class RequestDump(IServiceScopeFactory scopes, DataDirectory data, ILogger<RequestDump> logger)
{
    public const string FileName = "requests.jsonl.gz";
    private const int Batch = 500;

    public string FilePath => Path.Combine(data.Path, "exports", FileName);

    public RequestDumpInfo? Current()
    {
        var file = new FileInfo(FilePath);
        return file.Exists ? new RequestDumpInfo(file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)) : null;
    }

    /// <summary>Writes the dump afresh; returns how many requests it holds.</summary>
    public async Task<int> WriteAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var temporary = $"{FilePath}.{Guid.NewGuid():N}.tmp";
        var written = 0;
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
            {
                var afterId = 0;
                while (true)
                {
                    // A scope per batch: the context's tracked entities and the batch's rows are let go each time, so
                    // memory stays flat however many requests there are.
                    await using var scope = scopes.CreateAsyncScope();
                    var batch = await scope.ServiceProvider.GetRequiredService<RequestListing>().Listed().AsNoTracking()
                        .Where(r => r.Id > afterId).OrderBy(r => r.Id).Take(Batch).ToListAsync(cancellationToken);
                    if (batch.Count == 0)
                    {
                        break;
                    }
                    foreach (var request in await scope.ServiceProvider.GetRequiredService<PublishedCorrespondence>().ReadAsync(batch, cancellationToken))
                    {
                        await JsonSerializer.SerializeAsync(gzip, request, JsonSerializerOptions.Web, cancellationToken);
                        gzip.WriteByte((byte)'\n');
                    }
                    written += batch.Count;
                    afterId = batch[^1].Id;
                }
            }
            File.Move(temporary, FilePath, overwrite: true);
            logger.LogInformation("Request dump written: {Count} requests, {Bytes} bytes", written, new FileInfo(FilePath).Length);
            return written;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static Command Verb(CliContext cli)
    {
        var dump = new Command("dump", $"Write the gzipped JSON-lines dump of every public request (data directory, exports/{FileName}); the site rebuilds it every Requests:DumpEveryHours");
        dump.SetAction(async (_, cancellationToken) =>
        {
            await using var scope = cli.CreateScope();
            var writer = scope.ServiceProvider.GetRequiredService<RequestDump>();
            var count = await writer.WriteAsync(cancellationToken);
            await cli.Output.WriteLineAsync($"{count} request(s) written to {writer.FilePath} ({writer.Current()!.Size} bytes).");
            return 0;
        });
        return dump;
    }
}

/// <summary>
/// Keeps this node's dump no older than <see cref="RequestsOptions.DumpEveryHours"/>. Each node keeps its own, like its
/// search index, so no shared disk is needed; the first look is a few minutes after start, away from the start's load.
/// </summary>
internal sealed class KeepRequestDumpCurrent(RequestDump dump, IOptions<RequestsOptions> options, TimeProvider time, ILogger<KeepRequestDumpCurrent> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromHours(options.Value.DumpEveryHours);
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(3), time, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                if (dump.Current() is not { } current || time.GetUtcNow() - current.CreatedAt >= every)
                {
                    try
                    {
                        await dump.WriteAsync(stoppingToken);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        // The old dump stays served; the next look tries again.
                        logger.LogError(exception, "Writing the request dump failed");
                    }
                }
                await Task.Delay(TimeSpan.FromHours(1), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
