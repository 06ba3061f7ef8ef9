using System.CommandLine;
using Foi.Common.Cli;

namespace Foi.Modules.Requests.SendReminders;

/// <summary><c>foi requests remind</c>: the hourly reminders job, run by hand or from cron.</summary>
internal static class SendRemindersVerb
{
    public static Command Build(CliContext cli)
    {
        var remind = new Command("remind", "Send the reminders that are due now (the site does this every hour); safe to run again after an interruption");
        remind.SetAction(async (_, cancellationToken) =>
        {
            await using var scope = cli.CreateScope();
            var sent = await scope.ServiceProvider.GetRequiredService<RequestReminders>().SendDueAsync(cancellationToken);
            await cli.Output.WriteLineAsync($"{sent} reminder(s) queued.");
            return 0;
        });
        return remind;
    }
}
