using System.CommandLine;
using Foi.Common.Cli;

namespace Foi.Modules.Requests.FollowThings;

/// <summary><c>foi requests alerts</c>: the digest job, run by hand or from cron.</summary>
internal static class SendAlertsVerb
{
    public static Command Build(CliContext cli)
    {
        var alerts = new Command("alerts", "Send the daily alert digests that are due (the site does this every 15 minutes after Requests:DigestHour); safe to run again after an interruption");
        alerts.SetAction(async (_, cancellationToken) =>
        {
            await using var scope = cli.CreateScope();
            var sent = await scope.ServiceProvider.GetRequiredService<AlertDigests>().SendDueAsync(cancellationToken);
            await cli.Output.WriteLineAsync($"{sent} digest(s) queued.");
            return 0;
        });
        return alerts;
    }
}
