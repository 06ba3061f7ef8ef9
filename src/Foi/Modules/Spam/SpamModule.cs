using System.CommandLine;
using System.Globalization;
using Foi.Common.Cli;
using Foi.Modules.Spam.ScoreProfiles;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Spam;

internal static class SpamModule
{
    public static IServiceCollection AddSpam(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SpamOptions>(configuration.GetSection(SpamOptions.Section));
        services.AddSingleton(provider => new SpamScorer(provider.GetRequiredService<IOptions<SpamOptions>>().Value));
        return services;
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
        yield return new Command("spam", "Spam heuristics") { score };
    }
}
