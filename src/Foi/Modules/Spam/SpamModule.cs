using Foi.Common.Jobs;
using Foi.Common.Site;
using System.CommandLine;
using Foi.Common.Cli;
using Foi.Common.Events;
using Foi.Modules.Spam.Contracts;
using Foi.Modules.Spam.Limits;
using Foi.Modules.Spam.ManageAccount;
using Foi.Modules.Spam.ReviewSpamQueue;
using Foi.Modules.Spam.ScoreProfiles;
using Foi.Modules.Users.Contracts;
using Microsoft.Extensions.Options;
using Quartz;

namespace Foi.Modules.Spam;

internal static class SpamModule
{
    public static IServiceCollection AddSpam(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddVerbs(Commands);
        services.AddSettings(configuration, SpamOptions.Section, new SpamOptionsValidator());
        services.AddSingleton(provider => new SpamScorer(provider.GetRequiredService<IOptions<SpamOptions>>().Value));
        services.AddScoped<AccountAssessor>();
        services.AddScoped<ActionBudget>();
        services.AddScoped<Users.Contracts.IAccountClosureStep, Limits.ForgetClosedAccount>();
        services.AddScoped<AccountDecisions>();
        services.AddScoped<AccountPageQuery>();
        services.AddScoped<SpamQueue>();
        services.AddSingleton<Foi.Common.Metrics.ISiteMetricsSource, SpamMetrics>();
        services.AddScoped<IActionBudget>(provider => provider.GetRequiredService<ActionBudget>());
        services.AddScoped<ISpamStatus>(provider => provider.GetRequiredService<AccountAssessor>());
        services.AddScoped<IActivityLimits>(provider => provider.GetRequiredService<AccountAssessor>());
        services.AddScoped<IEventHandler<UserSignedUp>>(provider => provider.GetRequiredService<AccountAssessor>());
        services.AddScoped<IEventHandler<ProfileChanged>>(provider => provider.GetRequiredService<AccountAssessor>());
        services.AddScoped<IEventHandler<Foi.Modules.Requests.Contracts.AccountActed>>(provider => provider.GetRequiredService<AccountAssessor>());
        return services;
    }

    public static void ConfigureJobs(IQuartzBuilder quartz, IServiceCollection services)
    {
        quartz.Every<SpamSweepJob>(SpamSweepJob.Key, TimeSpan.FromDays(1), TimeSpan.FromMinutes(10));
        quartz.Every<PruneActionCountsJob>(PruneActionCountsJob.Key, TimeSpan.FromHours(6), TimeSpan.FromMinutes(15));
    }

    public static IEnumerable<Command> Commands(CliContext cli)
    {
        yield return new Command("spam", "Spam heuristics") { ScoreProfilesVerbs.Score(cli), ScoreProfilesVerbs.Rescore(cli) };
    }
}
