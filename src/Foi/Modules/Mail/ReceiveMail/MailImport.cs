using Foi.Common.Cli;
using Foi.Modules.Mail.RouteMail;
using MimeKit;
using Spectre.Console;

namespace Foi.Modules.Mail.ReceiveMail;

/// <summary>
/// `foi mail import`: stores and routes a batch of emails (a migration, a replay). Every message goes through the same
/// receiver as piped mail, each in a unit of work of its own, so running the import again after an interruption stores
/// nothing twice and one bad message spoils no other; then the stored mail is routed as the site routes it (a running
/// site may route some of it meanwhile: each message is claimed by one).
/// </summary>
internal sealed class MailImport(IServiceScopeFactory scopes, StoredMailRouter router)
{
    public async Task<int> RunAsync(CliContext cli, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                await cli.Error.WriteLineAsync($"{path}: no such file or folder");
                return 66; // EX_NOINPUT
            }
        }

        var totals = new ImportTotals();
        if (cli.Interactive)
        {
            await AnsiConsole.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask("Importing mail", maxValue: files.Count);
                foreach (var file in files)
                {
                    await ImportFileAsync(cli, file, totals, cancellationToken);
                    task.Increment(1);
                }
            });
        }
        else
        {
            foreach (var (file, index) in files.Select((f, i) => (f, i)))
            {
                await ImportFileAsync(cli, file, totals, cancellationToken);
                if ((index + 1) % 100 == 0)
                {
                    await cli.Output.WriteLineAsync($"{index + 1}/{files.Count} files");
                }
            }
        }
        var routed = 0;
        for (int batch; (batch = await router.RouteDueAsync(100, cancellationToken)) > 0;)
        {
            routed += batch;
        }
        await router.DeliverPendingAsync(1000, cancellationToken);
        await cli.Output.WriteLineAsync($"Imported {totals.Stored} new message(s), {totals.Duplicates} already stored, {totals.Unreadable} unreadable, from {files.Count} file(s); routed {routed}.");
        return totals.Unreadable > 0 ? 65 : 0;
    }

    private async Task ImportFileAsync(CliContext cli, string file, ImportTotals totals, CancellationToken cancellationToken)
    {
        try
        {
            if (IsMbox(file))
            {
                await using var stream = File.OpenRead(file);
                var parser = new MimeParser(stream, MimeFormat.Mbox);
                while (!parser.IsEndOfStream)
                {
                    var message = await parser.ParseMessageAsync(cancellationToken);
                    using var buffer = new MemoryStream();
                    await message.WriteToAsync(buffer, cancellationToken);
                    totals.Count(await StoreAsync(buffer.ToArray(), cancellationToken));
                }
            }
            else
            {
                totals.Count(await StoreAsync(await File.ReadAllBytesAsync(file, cancellationToken), cancellationToken));
            }
        }
        catch (FormatException exception)
        {
            totals.Unreadable++;
            await cli.Error.WriteLineAsync($"{file}: not readable as mail: {exception.Message}");
        }
    }

    private async Task<ReceiveResult> StoreAsync(byte[] raw, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MailReceiver>().ReceiveAsync(raw, null, "import", cancellationToken);
    }

    private static bool IsMbox(string file)
    {
        if (file.EndsWith(".mbox", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        using var stream = File.OpenRead(file);
        var start = new byte[5];
        return stream.Read(start, 0, 5) == 5 && System.Text.Encoding.ASCII.GetString(start) == "From ";
    }

    private sealed class ImportTotals
    {
        public int Stored { get; private set; }
        public int Duplicates { get; private set; }
        public int Unreadable { get; set; }

        public void Count(ReceiveResult result)
        {
            if (result.Outcome == ReceiveOutcome.Stored)
            {
                Stored++;
            }
            else
            {
                Duplicates++;
            }
        }
    }
}
