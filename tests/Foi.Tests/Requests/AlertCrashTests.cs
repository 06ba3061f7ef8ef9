using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Users.Domain;
using Foi.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Requests;

/// <summary>
/// `foi requests alerts` (what the digest job runs) killed with SIGKILL mid-run, three times, then run to the end:
/// every follower gets one digest, nobody two; and two runs at once, as on two nodes, the same. On PostgreSQL when the
/// test server is there, else SQLite.
/// </summary>
internal sealed class AlertCrashTests
{
    private const int Followers = 400;

    /// <summary>A site with many followers of all new requests, one new request, and its event settled.</summary>
    private static async Task<(DatabaseProvider Provider, Dictionary<string, string?> Settings, string DataDirectory)> FollowedSiteAsync(CancellationToken cancellationToken)
    {
        var provider = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FOI_TEST_POSTGRES")) ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
        var dataDirectory = Directory.CreateTempSubdirectory("foi-alerts-").FullName;
        Dictionary<string, string?> settings;
        await using (var setup = new FoiFactory(provider, new Dictionary<string, string?> { ["Site:DataDirectory"] = dataDirectory }))
        {
            _ = setup.Services;
            await using (var scope = setup.Services.CreateAsyncScope())
            {
                var accounts = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
                var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
                for (var i = 0; i < Followers; i++)
                {
                    var email = $"follower-{i:D3}-{Guid.NewGuid():N}@people.test";
                    var user = new User { UserName = email, Email = email, EmailConfirmed = true, Name = $"Follower {i:D3}", Slug = $"f-{Guid.NewGuid():N}"[..20] };
                    (await accounts.CreateAsync(user)).Succeeded.ShouldBeTrue();
                    db.Add(Follow.Start(user.Id, FollowKind.NewRequests, 0, 0, DateTimeOffset.UtcNow));
                }
                await db.SaveChangesAsync(cancellationToken);
            }
            await RequestFixtures.FileAsync(setup, "A request every follower hears about");
            settings = new Dictionary<string, string?>(setup.Settings) { ["Requests:DigestHour"] = "0" };
        }
        // The events settle (two minutes old) as they would by the digest hour.
        await FoiProcess.ScalarAsync(provider, settings, provider == DatabaseProvider.Postgres
            ? "UPDATE request_events SET \"CreatedAt\" = now() - interval '1 hour'"
            : "UPDATE request_events SET CreatedAt = CreatedAt - 36000000000");
        return (provider, settings, dataDirectory);
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task Digests_killed_mid_run_and_run_again_reach_every_follower_once(CancellationToken cancellationToken)
    {
        var (provider, settings, dataDirectory) = await FollowedSiteAsync(cancellationToken);
        const string told = "SELECT COUNT(*) FROM alert_cursors";

        var killedAt = new List<int>();
        while (killedAt.Count < 3)
        {
            var before = await FoiProcess.ScalarAsync(provider, settings, told);
            var run = FoiProcess.Start(settings, ["requests", "alerts"]);
            while (!run.HasExited && await FoiProcess.ScalarAsync(provider, settings, told) < before + 40)
            {
                await Task.Delay(5, cancellationToken);
            }
            run.HasExited.ShouldBeFalse("the run was still going when killed; make it longer if this fails");
            await FoiProcess.KillAsync(run);
            killedAt.Add(await FoiProcess.ScalarAsync(provider, settings, told));
        }
        using (var last = FoiProcess.Start(settings, ["requests", "alerts"]))
        {
            await last.WaitForExitAsync(cancellationToken);
            last.ExitCode.ShouldBe(0);
        }
        using (var again = FoiProcess.Start(settings, ["requests", "alerts"]))
        {
            await again.WaitForExitAsync(cancellationToken);
        }

        const string digests = "FROM mail_outgoing WHERE \"Purpose\" = 'alert'";
        var queued = await FoiProcess.ScalarAsync(provider, settings, "SELECT COUNT(*) " + digests);
        var recipients = await FoiProcess.ScalarAsync(provider, settings, "SELECT COUNT(DISTINCT \"EnvelopeTo\") " + digests);
        TestContext.Out.WriteLine($"{provider}: killed at {string.Join(", ", killedAt)} of {Followers} told; then {await FoiProcess.ScalarAsync(provider, settings, told)} told, {queued} digests queued to {recipients} addresses");
        (await FoiProcess.ScalarAsync(provider, settings, told)).ShouldBe(Followers);
        queued.ShouldBe(Followers);
        recipients.ShouldBe(Followers);
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task Two_runs_at_once_as_on_two_nodes_tell_every_follower_once(CancellationToken cancellationToken)
    {
        var (provider, settings, dataDirectory) = await FollowedSiteAsync(cancellationToken);
        using var first = FoiProcess.Start(settings, ["requests", "alerts"]);
        using var second = FoiProcess.Start(settings, ["requests", "alerts"]);
        await Task.WhenAll(first.WaitForExitAsync(cancellationToken), second.WaitForExitAsync(cancellationToken));
        first.ExitCode.ShouldBe(0);
        second.ExitCode.ShouldBe(0);

        (await FoiProcess.ScalarAsync(provider, settings, "SELECT COUNT(*) FROM alert_cursors")).ShouldBe(Followers);
        (await FoiProcess.ScalarAsync(provider, settings, "SELECT COUNT(*) FROM mail_outgoing WHERE \"Purpose\" = 'alert'")).ShouldBe(Followers);
        (await FoiProcess.ScalarAsync(provider, settings, "SELECT COUNT(DISTINCT \"EnvelopeTo\") FROM mail_outgoing WHERE \"Purpose\" = 'alert'")).ShouldBe(Followers);
        Directory.Delete(dataDirectory, recursive: true);
    }
}
