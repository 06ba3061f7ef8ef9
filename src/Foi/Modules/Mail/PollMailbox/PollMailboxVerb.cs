using System.CommandLine;
using Foi.Common.Cli;
using Foi.Modules.Mail.RouteMail;

namespace Foi.Modules.Mail.PollMailbox;

/// <summary><c>foi mail poll</c>: the mailbox job's one round, run by hand.</summary>
internal static class PollMailboxVerb
{
    public static Command Build(CliContext cli)
    {
        var poll = new Command("poll", "Fetch replies from the configured IMAP or POP3 mailbox once");
        poll.SetAction(async (_, cancellationToken) =>
        {
            await using var scope = cli.CreateScope();
            var count = await scope.ServiceProvider.GetRequiredService<MailboxPoller>().PollAsync(cancellationToken);
            // Run by hand, nothing else may be routing: route what was fetched before answering, as `mail import` does.
            var router = scope.ServiceProvider.GetRequiredService<StoredMailRouter>();
            while (await router.RouteDueAsync(100, cancellationToken) > 0)
            {
            }
            await router.DeliverPendingAsync(1000, cancellationToken);
            await cli.Output.WriteLineAsync($"Fetched {count} message(s).");
            return 0;
        });
        return poll;
    }
}
