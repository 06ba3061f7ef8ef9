using System.CommandLine;
using System.Globalization;
using Foi.Common.Cli;
using Foi.Modules.Users.Contracts;

namespace Foi.Modules.Spam.ScoreProfiles;

/// <summary><c>foi spam score FILE</c> (try the rules on profiles, no database) and <c>foi spam rescore</c> (every account again).</summary>
internal static class ScoreProfilesVerbs
{
    public static Command Score(CliContext cli)
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
        return score;
    }

    public static Command Rescore(CliContext cli)
    {
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
        return rescore;
    }
}
