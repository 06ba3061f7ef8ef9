using System.CommandLine;
using Foi.Common.Cli;

namespace Foi.Modules.Mail.ReceiveMail;

/// <summary><c>foi mail receive</c> (the MTA's pipe, one message) and <c>foi mail import</c> (a batch of files).</summary>
internal static class ReceiveMailVerbs
{
    public static Command Receive(CliContext cli)
    {
        var recipient = new Option<string?>("--recipient") { Description = "The envelope recipient, as the MTA knows it (e.g. Exim's $local_part@$domain)" };
        var receive = new Command("receive", "Store one email from standard input and route it (exit 0 accepted, 75 try again later)") { recipient };
        receive.SetAction(async (result, cancellationToken) => await ReceiveCommand.RunAsync(cli, result.GetValue(recipient), cancellationToken));

        return receive;
    }

    public static Command Import(CliContext cli)
    {
        var paths = new Argument<string[]>("paths") { Description = "Folders (searched for .eml files and Maildir messages), mbox files or .eml files", Arity = ArgumentArity.OneOrMore };
        var import = new Command("import", "Store and route a batch of emails; safe to run again after an interruption") { paths };
        import.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = cli.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<MailImport>().RunAsync(cli, result.GetValue(paths)!, cancellationToken);
        });

        return import;
    }
}
