using Foi.Common.Cli;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Mail.ReceiveMail;

/// <summary>`foi mail receive`: what an MTA's pipe transport runs for each message.</summary>
internal static class ReceiveCommand
{
    public const int TemporaryFailure = 75; // EX_TEMPFAIL: the MTA keeps the message and tries again
    public const int DataError = 65; // EX_DATAERR: the MTA bounces it

    public static async Task<int> RunAsync(CliContext cli, string? recipient, CancellationToken cancellationToken)
    {
        byte[] raw;
        try
        {
            await using var input = cli.OpenInput();
            using var buffer = new MemoryStream();
            await input.CopyToAsync(buffer, cancellationToken);
            raw = buffer.ToArray();
        }
        catch (IOException exception)
        {
            await cli.Error.WriteLineAsync($"foi: could not read the message: {exception.Message}");
            return TemporaryFailure;
        }
        if (raw.Length == 0)
        {
            await cli.Error.WriteLineAsync("foi: no message on standard input");
            return DataError;
        }
        // Opening, migrating and writing the database can each fail or hang (a server that is down, a lock, a full
        // disk): every such failure, and running out of time, is a temporary failure for the MTA.
        var timeout = TimeSpan.FromSeconds(cli.Root.GetService<IOptions<MailOptions>>()?.Value.Receive.AcceptTimeoutSeconds ?? 30);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var store = Task.Run(async () =>
        {
            await using var scope = cli.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<MailReceiver>().ReceiveAsync(raw, recipient, "pipe", limit.Token);
        }, limit.Token);
        try
        {
            var finished = await Task.WhenAny(store, Task.Delay(timeout, cancellationToken));
            if (finished != store)
            {
                await cli.Error.WriteLineAsync($"foi: could not store the message within {timeout.TotalSeconds:0} seconds, try again later");
                return TemporaryFailure;
            }
            var result = await store;
            await cli.Output.WriteLineAsync(result.Outcome == ReceiveOutcome.Duplicate ? $"already stored as {result.Id}" : $"stored as {result.Id}");
            return 0;
        }
        catch (Exception exception)
        {
            // Not stored: never acknowledge, so the MTA keeps it. The handler touches no database: it may be the cause.
            cli.Log(exception, "Foi.Mail.Receive", "Could not store a received message");
            await cli.Error.WriteLineAsync($"foi: could not store the message, try again later: {OneLine(exception.GetBaseException().Message)}");
            return TemporaryFailure;
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
