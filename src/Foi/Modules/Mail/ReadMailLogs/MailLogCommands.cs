using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Foi.Common.Cli;
using Foi.Modules.Mail.Contracts;
using Microsoft.Extensions.Options;
using Quartz;
using Spectre.Console;

namespace Foi.Modules.Mail.ReadMailLogs;

internal static class MailLogCommands
{
    private static readonly JsonSerializerOptions JsonLines = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Build(CliContext cli)
    {
        var files = new Argument<string[]>("files") { Description = "Log files, plain or .gz", Arity = ArgumentArity.OneOrMore };
        var parse = new Command("parse", "Print, as JSON lines, what the parser makes of logs (one line per message); touches no database") { files };
        parse.SetAction(async (result, cancellationToken) => await ParseAsync(cli, result.GetValue(files)!, cancellationToken));

        var paths = new Argument<string[]>("paths") { Description = "Files or globs; default: Mail:Logs:Paths", Arity = ArgumentArity.ZeroOrMore };
        var import = new Command("import", "Read new log lines now and update the delivery statuses of our messages") { paths };
        import.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = cli.CreateScope();
            var configured = scope.ServiceProvider.GetRequiredService<IOptions<MailOptions>>().Value.Logs.Paths;
            var chosen = result.GetValue(paths) is { Length: > 0 } given ? given : configured.ToArray();
            if (chosen.Length == 0)
            {
                await cli.Error.WriteLineAsync("foi: no log files given, and Mail:Logs:Paths is empty");
                return 64; // EX_USAGE
            }
            var fileList = MailLogImporter.Expand(chosen);
            var importer = scope.ServiceProvider.GetRequiredService<MailLogImporter>();
            MailLogImportReport report;
            if (cli.Interactive)
            {
                MailLogImportReport? done = null;
                await AnsiConsole.Status().StartAsync("Reading mail logs", async status =>
                    done = await importer.ImportAsync(fileList, (file, lines) => status.Status($"{Path.GetFileName(file)}: {lines:N0} lines"), cancellationToken));
                report = done!;
            }
            else
            {
                report = await importer.ImportAsync(fileList, null, cancellationToken);
            }
            foreach (var problem in report.Problems)
            {
                await cli.Error.WriteLineAsync(problem);
            }
            await cli.Output.WriteLineAsync(
                $"Read {report.Lines:N0} new line(s) from {report.Files} file(s): {report.LinesAboutOurMail:N0} about our mail, {report.StatusChanges} status change(s), {report.Unparseable} unparseable, {report.InvalidUtf8} with invalid UTF-8.");
            return report.Problems.Count > 0 ? 74 : 0; // EX_IOERR when a file could not be read
        });
        return new Command("mail-logs", "The MTA's logs: delivery statuses of outgoing mail") { parse, import };
    }

    private static async Task<int> ParseAsync(CliContext cli, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var messages = new LoggedMessages();
        var zone = cli.Root.GetRequiredService<IOptions<MailOptions>>().Value.Logs.ResolveTimeZone();
        long unparseable = 0, lines = 0;
        var failed = false;
        foreach (var file in files)
        {
            try
            {
                await using var stream = LogFileReader.Open(file);
                var clock = LogClock.Of(file, zone);
                foreach (var raw in LogFileReader.ReadLines(stream, 0, 0, includePartialLast: true))
                {
                    lines++;
                    switch (MailLogLine.TryParse(raw.Text, clock, out var line))
                    {
                        case ParseResult.Parsed:
                            messages.Add(line!);
                            break;
                        case ParseResult.Unparseable:
                            unparseable++;
                            break;
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                failed = true;
                await cli.Error.WriteLineAsync($"{file}: {exception.Message}");
            }
        }
        foreach (var message in messages.Messages)
        {
            await cli.Output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                message_id = message.MessageId,
                queue_id = message.QueueId,
                mta = message.Mta,
                sender = message.Sender,
                recipients = message.Recipients.Select(r => new
                {
                    address = r.Key,
                    status = r.Value.Status.ToLogWord(),
                    time = r.Value.Time,
                    reason = r.Value.Reason,
                    remote_host = r.Value.RemoteHost,
                }),
            }, JsonLines));
        }
        await cli.Error.WriteLineAsync($"{lines:N0} lines, {messages.Messages.Count} messages, {unparseable} unparseable lines");
        return failed ? 74 : 0;
    }
}

[DisallowConcurrentExecution]
internal sealed class ImportMailLogsJob(MailLogImporter importer, IOptions<MailOptions> options) : IJob
{
    public static readonly JobKey Key = new("import-mail-logs", "mail");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var report = await importer.ImportAsync(MailLogImporter.Expand(options.Value.Logs.Paths), null, cancellationToken);
        context.Result = $"{report.Lines} new line(s) in {report.Files} file(s), {report.LinesAboutOurMail} about our mail, {report.StatusChanges} status change(s), {report.Unparseable} unreadable, {report.Problems.Count} problem(s)";
    }
}
