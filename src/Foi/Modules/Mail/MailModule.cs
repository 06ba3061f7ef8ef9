using Foi.Common.Site;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.RequestAddresses;
using Foi.Modules.Mail.SendMail;
using Microsoft.Extensions.Options;
using Quartz;

namespace Foi.Modules.Mail;

internal static class MailModule
{
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MailOptions>(configuration.GetSection(MailOptions.Section));
        services.AddSingleton<IRequestAddresses>(provider =>
        {
            var mail = provider.GetRequiredService<IOptions<MailOptions>>().Value;
            var dataDirectory = provider.GetRequiredService<DataDirectory>().Path;
            return new RequestAddressBook(mail.IncomingDomain, RequestAddressBook.LoadSecret(mail, dataDirectory));
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
        services.AddScoped<IOutgoingMailStatuses, OutgoingMailStatuses>();
        return services;
    }

    public static void ConfigureJobs(IQuartzBuilder quartz)
    {
        quartz.AddJob<SendQueuedMailJob>(job => job.WithIdentity(SendQueuedMailJob.Key));
        quartz.AddTrigger(trigger => trigger
            .ForJob(SendQueuedMailJob.Key)
            .StartNow()
            .WithSimpleSchedule(schedule => schedule.WithInterval(TimeSpan.FromMinutes(1)).RepeatForever()));
    }
}
