using System.CommandLine;
using System.Globalization;
using Foi.Common.Cli;
using Foi.Common.Events;
using Foi.Modules.Spam.Contracts;
using Foi.Modules.Spam.Limits;
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
        services.Configure<SpamOptions>(configuration.GetSection(SpamOptions.Section));
        services.AddSingleton(provider => new SpamScorer(provider.GetRequiredService<IOptions<SpamOptions>>().Value));
        services.AddScoped<AccountAssessor>();
        services.AddScoped<ActionBudget>();
        services.AddScoped<IActionBudget>(provider => provider.GetRequiredService<ActionBudget>());
        services.AddScoped<ISpamStatus>(provider => provider.GetRequiredService<AccountAssessor>());
        services.AddScoped<IActivityLimits>(provider => provider.GetRequiredService<AccountAssessor>());
        services.AddScoped<IEventHandler<UserSignedUp>>(provider => provider.GetRequiredService<AccountAssessor>());
        services.AddScoped<IEventHandler<ProfileChanged>>(provider => provider.GetRequiredService<AccountAssessor>());
        services.AddScoped<IEventHandler<Foi.Modules.Requests.Contracts.AccountActed>>(provider => provider.GetRequiredService<AccountAssessor>());
        return services;
    }

    public static void ConfigureJobs(IQuartzBuilder quartz)
    {
        quartz.AddJob<SpamSweepJob>(job => job.WithIdentity(SpamSweepJob.Key));
        quartz.AddTrigger(trigger => trigger
            .ForJob(SpamSweepJob.Key)
            .StartAt(DateTimeOffset.UtcNow.AddMinutes(10))
            .WithSimpleSchedule(schedule => schedule.WithInterval(TimeSpan.FromDays(1)).RepeatForever()));
        quartz.AddJob<PruneActionCountsJob>(job => job.WithIdentity(PruneActionCountsJob.Key));
        quartz.AddTrigger(trigger => trigger
            .ForJob(PruneActionCountsJob.Key)
            .StartAt(DateTimeOffset.UtcNow.AddMinutes(15))
            .WithSimpleSchedule(schedule => schedule.WithInterval(TimeSpan.FromHours(6)).RepeatForever()));
    }

    public static IEnumerable<Command> Commands(CliContext cli)
    {
        var file = new Argument<FileInfo>("file") { Description = "JSON lines: name, email, about_me, signup_ip, user_agent, created_at, profile_updated_at, requests, annotations" };
        var score = new Command("score", "Score profiles from a file without touching the database: each one's score, verdict and the rules that fired") { file };
        score.SetAction(async (result, _) =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists)
            {
                await cli.Error.WriteLineAsync($"{path.FullName}: no such file.");
                return 66;
            }
            var scorer = cli.Services.GetRequiredService<SpamScorer>();
            using var reader = path.OpenText();
            var lines = ProfileFile.Read(reader);
            var profiles = lines.Where(l => l.Profile is not null).Select(l => l.Profile!).ToList();
            var flagged = 0;
            foreach (var (line, profile, error) in lines)
            {
                if (profile is null)
                {
                    await cli.Error.WriteLineAsync($"{path.Name}:{line}: {error}");
                    continue;
                }
                var verdict = scorer.Score(ProfileFile.Facts(profile, profiles));
                flagged += verdict.IsSpam ? 1 : 0;
                await cli.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{path.Name}:{line}: {verdict.Total:0.##} {(verdict.IsSpam ? "SPAM" : "ok")} {profile.Name} <{profile.Email}>: {string.Join(", ", verdict.Fired.Select(f => $"{f.Name} +{f.Weight:0.##}"))}"));
            }
            await cli.Output.WriteLineAsync($"{flagged} of {profiles.Count} profile(s) over the threshold.");
            return lines.Any(l => l.Profile is null) ? 65 : 0;
        });
        var rescore = new Command("rescore", "Score every account again (after the rules changed) and report how many are newly flagged");
        rescore.SetAction(async (_, cancellationToken) =>
        {
            await using var scope = cli.CreateScope();
            var ids = await scope.ServiceProvider.GetRequiredService<IUserProfiles>().AllIdsAsync(cancellationToken);
            var assessor = scope.ServiceProvider.GetRequiredService<AccountAssessor>();
            var newlyFlagged = 0;
            if (cli.Interactive)
            {
                await Spectre.Console.AnsiConsole.Progress().StartAsync(async progress =>
                {
                    var task = progress.AddTask("Scoring accounts", maxValue: ids.Count);
                    foreach (var id in ids)
                    {
                        newlyFlagged += await assessor.AssessAsync(id, cancellationToken) ? 1 : 0;
                        task.Increment(1);
                    }
                });
            }
            else
            {
                foreach (var id in ids)
                {
                    newlyFlagged += await assessor.AssessAsync(id, cancellationToken) ? 1 : 0;
                }
            }
            await cli.Output.WriteLineAsync($"Scored {ids.Count} account(s): {newlyFlagged} newly flagged.");
            return 0;
        });
        yield return new Command("spam", "Spam heuristics") { score, rescore };
    }
}
