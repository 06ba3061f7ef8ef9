using Quartz;

namespace Foi.Modules.Mail.SendMail;

/// <summary>Sends what the immediate attempt could not: messages left queued by a crash, and failures past their back-off.</summary>
[DisallowConcurrentExecution]
internal sealed class SendQueuedMailJob(MailOutbox outbox) : IJob
{
    public static readonly JobKey Key = new("send-queued-mail", "mail");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var tried = 0;
        int batch;
        do
        {
            batch = await outbox.SendDueAsync(100, cancellationToken);
            tried += batch;
        }
        while (batch == 100); // a full batch may mean more are waiting
        context.Result = $"{tried} queued message(s) tried";
    }
}
