using Foi.Common.Jobs;
using Foi.Common.Site;
using System.CommandLine;
using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Common.Events;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Requests.FileRequest;
using Foi.Modules.Requests.ReceiveResponse;
using Foi.Modules.Requests.SendReminders;
using Quartz;

namespace Foi.Modules.Requests;

internal static class RequestsModule
{
    public static IServiceCollection AddRequests(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddVerbs(Commands);
        services.AddScoped<RequestListing>();
        services.AddSingleton<Redaction.CensorRuleCache>();
        services.AddScoped<Redaction.CensorRules>();
        services.AddScoped<Redaction.WithheldFiles>();
        services.AddScoped<IRequesterNameRules, Redaction.RequesterNameRules>();
        services.AddScoped<Users.Contracts.IAccountClosureStep, PersonalData.ForgetRequesterStep>();
        services.AddScoped<Users.Contracts.IPersonalDataSource, PersonalData.RequesterData>();
        services.AddScoped<ReadApi.ApiRequestSummaries>();
        services.AddScoped<ReadApi.PublishedCorrespondence>();
        services.AddSingleton<ExportRequests.RequestDump>();
        services.AddScoped<IRequestListing>(provider => provider.GetRequiredService<RequestListing>());
        services.AddScoped<FileRequestHandler>();
        var options = services.AddSettings(configuration, RequestsOptions.Section, new RequestsOptionsValidator());
        if (options.DumpEveryHours > 0)
        {
            services.AddHostedService<ExportRequests.KeepRequestDumpCurrent>();
        }
        // The API's reference page says how large and how fresh the dump is, as of the moment it is read.
        services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", openApi => openApi.AddDocumentTransformer((document, context, _) =>
        {
            var current = context.ApplicationServices.GetRequiredService<ExportRequests.RequestDump>().Current();
            document.Info.Description += current is null
                ? "\n\nA dump of every public request (gzipped JSON lines) is written daily; the first is not ready yet."
                : $"\n\n**Everything at once:** [/exports/{ExportRequests.RequestDump.FileName}](/exports/{ExportRequests.RequestDump.FileName}), every public request with its correspondence as published, one per line in the shape of `/api/v1/requests/{{slug}}`, gzipped: {current.Size / 1024.0 / 1024.0:0.0} MB, written {current.CreatedAt:yyyy-MM-dd HH:mm} UTC, rewritten daily. `/api/v1/dumps/requests` gives the same facts as JSON.";
            return Task.CompletedTask;
        }));
        services.AddScoped<RequestCalendar>();
        services.AddScoped<DemoData.DemoRequests>();
        services.AddScoped<SendFollowUp.FollowUpHandler>();
        services.AddScoped<ListUndelivered.UndeliveredRequests>();
        services.AddSingleton<ManageHolidays.BankHolidays>();
        services.AddScoped<IRequestInbox, RequestInbox>();
        services.AddScoped<IRequestActivity, RequestActivity>();
        services.AddScoped<IRequestSearchSource, RequestSearchSource>();
        services.AddSingleton<IChangeTopic, RequestChangeTopic>();
        services.AddSingleton<IChangeTopic, CensorRuleChangeTopic>();
        services.AddScoped<RequesterMail>();
        services.AddScoped<FollowThings.Happenings>();
        services.AddScoped<FollowThings.FollowDescriptions>();
        services.AddScoped<FollowThings.AlertDigests>();
        services.AddSingleton<FollowThings.UnsubscribeLinks>();
        services.AddScoped<OutgoingProblemNotice>();
        services.AddScoped<IEventHandler<IncomingMailRouted>, PublishResponseHandler>();
        services.AddScoped<IEventHandler<OutgoingMailBounced>, BounceNoticeHandler>();
        services.AddScoped<IEventHandler<Redaction.CensorRuleChanged>, Redaction.CensorRuleSweep>();
        services.AddScoped<IEventHandler<OutgoingMailDelayed>, DelayNoticeHandler>();
        services.AddScoped<IEventHandler<OutgoingMailStatusChanged>, ShowRequest.DeliveryNewsHandler>();
        services.AddScoped<IEventHandler<Users.Contracts.AccountBanChanged>, AnnotateRequest.BannedAuthorHandler>();
        services.AddScoped<RequestReminders>();
        return services;
    }

    /// <summary>The demo requester's requests and replies, on a fresh demo site (after the demo authorities).</summary>
    public static async Task SeedDemoRequestsAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoData.DemoRequests>().SeedIfEmptyAsync(CancellationToken.None);
    }

    public static IEnumerable<Command> Commands(CliContext cli)
    {
        yield return new Command("requests", "Requests") { SendReminders.SendRemindersVerb.Build(cli), FollowThings.SendAlertsVerb.Build(cli), ExportRequests.RequestDump.Verb(cli) };
    }

    public static void ConfigureJobs(IQuartzBuilder quartz, IServiceCollection services)
    {
        quartz.Every<SendRemindersJob>(SendRemindersJob.Key, TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));
        quartz.Every<FollowThings.SendAlertDigestsJob>(FollowThings.SendAlertDigestsJob.Key, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(2));
        quartz.Every<ForgetOldDraftsJob>(ForgetOldDraftsJob.Key, TimeSpan.FromDays(1), TimeSpan.FromMinutes(5));
    }
}
