using Foi.Common.Jobs;
using System.CommandLine;
using Foi.Common.Cli;
using Foi.Common.Site;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.ManageHoldingPen;
using Foi.Modules.Mail.PollMailbox;
using Foi.Modules.Mail.ReadMail;
using Foi.Modules.Mail.ReadMailLogs;
using Foi.Modules.Mail.ReceiveMail;
using Foi.Modules.Mail.RequestAddresses;
using Foi.Modules.Mail.RouteMail;
using Foi.Modules.Mail.SendMail;
using Microsoft.Extensions.Options;
using Quartz;

namespace Foi.Modules.Mail;

internal static class MailModule
{
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddVerbs(Commands);
        // Replies arrive in windows-1252, ISO-2022-JP, KOI8-R...: .NET knows only the Unicode ones until the code pages are registered.
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var mailOptions = services.AddSettings(configuration, MailOptions.Section, new MailOptionsValidator());
        services.AddSingleton<IRequestAddresses>(provider =>
        {
            var mail = provider.GetRequiredService<IOptions<MailOptions>>().Value;
            var dataDirectory = provider.GetRequiredService<DataDirectory>().Path;
            return new RequestAddressBook(mail.IncomingDomain, RequestAddressBook.LoadSecret(mail, dataDirectory,
                provider.GetRequiredService<IServiceScopeFactory>(), provider.GetRequiredService<TimeProvider>()));
        });
        services.AddSingleton<IMailTransport>(provider =>
        {
            var mail = provider.GetRequiredService<IOptions<MailOptions>>().Value;
            return mail.Transport switch
            {
                MailTransportKind.Smtp => new SmtpTransport(mail.Smtp),
                _ => new PickupDirectoryTransport(Path.Combine(provider.GetRequiredService<DataDirectory>().Path, mail.PickupDirectory)),
            };
        });
        services.AddScoped<MailOutbox>();
        services.AddScoped<IMailOutbox>(provider => provider.GetRequiredService<MailOutbox>());
        services.AddScoped<OutgoingMailStatuses>();
        services.AddScoped<IOutgoingMailStatuses>(provider => provider.GetRequiredService<OutgoingMailStatuses>());
        services.AddScoped<IDeliveryEvidence>(provider => provider.GetRequiredService<OutgoingMailStatuses>());
        services.AddScoped<MailLogImporter>();
        services.AddScoped<MailReceiver>();
        services.AddScoped<IMailDrop, MailDrop>();
        services.AddScoped<MailRouter>();
        services.AddScoped<HoldingPenQuery>();
        services.AddScoped<HeldMailActions>();
        services.AddSingleton<StoredMailSignal>();
        services.AddSingleton<StoredMailRouter>();
        if (mailOptions.Receive.RouteInBackground)
        {
            services.AddHostedService<StoredMailPickup>();
        }
        services.AddScoped<MailboxPoller>();
        services.AddScoped<MailImport>();
        services.AddScoped<IIncomingMail, IncomingMailReader>();
        services.AddScoped<ForgetPerson.MailErasure>();
        services.AddScoped<IMailErasure>(provider => provider.GetRequiredService<ForgetPerson.MailErasure>());
        services.AddScoped<Users.Contracts.IAccountClosureStep>(provider => provider.GetRequiredService<ForgetPerson.MailErasure>());
        services.AddSingleton<Foi.Common.Metrics.ISiteMetricsSource, MailMetrics>();
        if (mailOptions.Logs.Paths.Count > 0 && mailOptions.Logs.Follow)
        {
            services.AddHostedService<MailLogFollower>();
        }
        services.AddHealthChecks()
            .AddCheck<OutgoingQueueHealthCheck>("outgoing-mail", tags: [Foi.Common.Web.Health.Ready])
            .AddCheck<MailLogImportHealthCheck>("mail-log-import", tags: [Foi.Common.Web.Health.Ready]);
        return services;
    }

    public static void ConfigureJobs(IQuartzBuilder quartz, IServiceCollection services)
    {
        quartz.Every<RouteStoredMailJob>(RouteStoredMailJob.Key, TimeSpan.FromMinutes(1), TimeSpan.Zero);
        var mail = services.Registered<MailOptions>();
        var logs = mail.Logs;
        if (logs.Paths.Count > 0 && !logs.Follow)
        {
            quartz.Every<ImportMailLogsJob>(ImportMailLogsJob.Key, TimeSpan.FromSeconds(logs.IntervalSeconds), TimeSpan.Zero);
        }
        var mailbox = mail.Mailbox;
        if (mailbox.Protocol != MailboxProtocol.None)
        {
            quartz.Every<PollMailboxJob>(PollMailboxJob.Key, TimeSpan.FromSeconds(mailbox.IntervalSeconds), TimeSpan.Zero);
        }
        quartz.Every<SendQueuedMailJob>(SendQueuedMailJob.Key, TimeSpan.FromMinutes(1), TimeSpan.Zero);
    }

    public static IEnumerable<Command> Commands(CliContext cli)
    {
        yield return new Command("mail", "Incoming mail") { ReceiveMailVerbs.Receive(cli), ReceiveMailVerbs.Import(cli), PollMailboxVerb.Build(cli) };
        yield return MailLogCommands.Build(cli);
    }
}
