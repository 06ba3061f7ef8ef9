using Foi.Common.Backup;
using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Common.Jobs;
using Foi.Common.Metrics;
using Foi.Common.Site;
using Foi.Common.Web;
using Foi.Modules.Authorities;
using Foi.Modules.Mail;
using Foi.Modules.Requests;
using Foi.Modules.Search;
using Foi.Modules.Spam;
using Foi.Modules.Themes;
using Foi.Modules.Users;
using Microsoft.Extensions.Options;

// One program: with no verb it serves the site, with a verb (`foi db migrate`, `foi users make-admin ...`) it runs a task.
// Settings given as `--Section:Key=value` work for the site and for every verb, wherever they stand.
var (settings, verb) = FoiCommandLine.SplitSettings(args);
var isCommand = FoiCommandLine.IsCommand(verb);
WebApplication app;
try
{
    app = BuildSite(isCommand ? settings : args, isCommand);
}
catch (InvalidSettingsException invalid)
{
    foreach (var problem in invalid.Problems)
    {
        await Console.Error.WriteLineAsync($"foi: configuration: {problem}");
    }
    return FoiCommandLine.ConfigurationExitCode(verb);
}
catch (Exception exception) when (isCommand)
{
    // A verb that cannot even start (bad configuration, a data directory that is a file, ...) still answers with
    // one line and the exit code its caller reads: `mail receive` must say "try again later" to the MTA.
    await Console.Error.WriteLineAsync($"foi: cannot start: {exception.GetBaseException().Message.ReplaceLineEndings(" ")}");
    return FoiCommandLine.FailureExitCode(verb);
}

if (isCommand)
{
    return await FoiCommandLine.RunAsync(app.Services, verb, Console.Out, Console.Error);
}

if (!app.ThemeIsUsable())
{
    return 78; // EX_CONFIG
}
await app.MigrateOnStartAsync();
if (app.Services.GetRequiredService<IOptions<SiteOptions>>().Value.SeedDemoData)
{
    await app.SeedDemoAuthoritiesAsync();
    await app.SeedDemoRequestsAsync();
}

app.UseListenAddressWhenUnset();
app.UseTrustedProxies();
app.UseRequestLogs();
app.UseResponseCompression();
app.UseSecurityHeaders();
app.UseErrorPages();
app.UseThemes();
app.UseReadApiETags();
app.UseRoutingAndControllers();
app.MapReadApi();
app.MapHealth();
app.MapSiteMetrics();
app.MapThemes();
await app.RunAsync();
return 0;

static WebApplication BuildSite(string[] args, bool isCommand)
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Services
        .AddCommon(builder.Configuration, builder.Environment)
        .AddTrustedProxies(builder.Configuration)
        .AddPageCache(builder.Configuration)
        .AddCompression()
        .AddReadApi(builder.Configuration)
        .AddHealth()
        .AddRequestLogs()
        .AddSiteMetrics(builder.Configuration)
        .AddFoiDatabase(builder.Configuration)
        .AddBackup()
        .AddUsers(builder.Configuration)
        .AddAuthorities()
        .AddRequests(builder.Configuration)
        .AddMail(builder.Configuration)
        .AddThemes(builder.Configuration, builder.Environment)
        .AddSpam(builder.Configuration)
        .AddSearch(builder.Configuration)
        .AddJobScheduler(builder.Configuration, isCommand,
            MailModule.ConfigureJobs, RequestsModule.ConfigureJobs, SpamModule.ConfigureJobs, PruneChangesJob.Schedule)
        .CapLogMessages();
    Settings.ThrowIfInvalid(builder.Services);
    return builder.Build();
}

/// <summary>The entry point, public so that tests can host the site with WebApplicationFactory.</summary>
public partial class Program;
