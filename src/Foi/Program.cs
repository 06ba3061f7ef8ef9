using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Common.Web;
using Foi.Modules.Authorities;
using Foi.Modules.Authorities.DemoData;
using Foi.Modules.Mail;
using Foi.Modules.Requests;
using Foi.Modules.Search;
using Foi.Modules.Spam;
using Foi.Modules.Themes;
using Foi.Modules.Themes.Domain;
using Foi.Modules.Users;
using Quartz;

// One program: with no verb it serves the site, with a verb (`foi db migrate`, `foi users make-admin ...`) it runs a task.
var isCommand = FoiCommandLine.IsCommand(args);
WebApplication app;
try
{
    app = BuildSite(args, isCommand);
}
catch (Exception exception) when (isCommand)
{
    // A verb that cannot even start (bad configuration, a data directory that is a file, ...) still answers with
    // one line and the exit code its caller reads: `mail receive` must say "try again later" to the MTA.
    await Console.Error.WriteLineAsync($"foi: cannot start: {exception.GetBaseException().Message.ReplaceLineEndings(" ")}");
    return FoiCommandLine.FailureExitCode(args);
}

if (isCommand)
{
    return await FoiCommandLine.RunAsync(app.Services, args, Console.Out, Console.Error);
}

try
{
    _ = app.Services.GetRequiredService<ThemeChain>();
}
catch (ThemeException exception)
{
    // A missing parent theme or a cycle: one clear line, and `foi theme check` tells the rest.
    await Console.Error.WriteLineAsync($"foi: the theme cannot be used: {exception.Message}");
    return 78; // EX_CONFIG
}

if (app.Configuration.GetValue("Database:MigrateOnStart", true))
{
    await DatabaseSetup.MigrateAsync(app.Services, CancellationToken.None);
}
if (app.Configuration.GetValue("Site:SeedDemoData", false))
{
    await using var scope = app.Services.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<DemoAuthorities>().SeedIfEmptyAsync(CancellationToken.None);
    await scope.ServiceProvider.GetRequiredService<Foi.Modules.Requests.DemoData.DemoRequests>().SeedIfEmptyAsync(CancellationToken.None);
}

app.UseListenAddressWhenUnset();
app.UseSecurityHeaders();
app.UseErrorPages();
app.UseThemes();
app.UseRoutingAndControllers();
await app.RunAsync();
return 0;

static WebApplication BuildSite(string[] args, bool isCommand)
{
    var builder = WebApplication.CreateBuilder(isCommand ? [] : args);

    builder.Services
        .AddCommon(builder.Configuration, builder.Environment)
        .AddFoiDatabase(builder.Configuration, builder.Environment.ContentRootPath)
        .AddUsers(builder.Configuration)
        .AddAuthorities()
        .AddRequests(builder.Configuration)
        .AddMail(builder.Configuration)
        .AddThemes(builder.Configuration, builder.Environment)
        .AddSpam(builder.Configuration)
        .AddSearch();

    var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
    builder.Services.AddQuartz(quartz =>
    {
        if (database.Provider == DatabaseProvider.Postgres)
        {
            // Several web nodes share one schedule: each job runs on one node at a time, and a dead node's work is taken over.
            quartz.ConfigureScheduler(scheduler => scheduler.GenerateInstanceId = true);
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(database.ConnectionString!);
                store.UseSystemTextJsonSerializer();
                store.UseClustering(clustering => clustering.CheckinInterval = TimeSpan.FromSeconds(15));
                store.ProvisionSchema();
            });
        }
        MailModule.ConfigureJobs(quartz, builder.Configuration);
        RequestsModule.ConfigureJobs(quartz);
        SpamModule.ConfigureJobs(quartz);
        PruneChangesJob.Schedule(quartz);
    });
    if (builder.Configuration.GetValue("Jobs:Enabled", true) && !isCommand)
    {
        builder.Services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
    }

    builder.Services.CapLogMessages();
    return builder.Build();
}

/// <summary>The entry point, public so that tests can host the site with WebApplicationFactory.</summary>
public partial class Program;
