using Foi.Common.Cli;

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
        try
        {
            await using var scope = cli.CreateScope();
            var result = await scope.ServiceProvider.GetRequiredService<MailReceiver>().ReceiveAsync(raw, recipient, "pipe", cancellationToken);
            await cli.Output.WriteLineAsync(result.Outcome == ReceiveOutcome.Duplicate ? $"already stored as {result.Id}" : $"stored as {result.Id}");
            return 0;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Not stored (database down, disk full...): never acknowledge, so the MTA keeps it.
            cli.Services.GetService<ILoggerFactory>()?.CreateLogger("Foi.Mail.Receive").LogError(exception, "Could not store a received message");
            await cli.Error.WriteLineAsync($"foi: could not store the message, try again later: {exception.GetBaseException().Message}");
            return TemporaryFailure;
        }
    }
}
