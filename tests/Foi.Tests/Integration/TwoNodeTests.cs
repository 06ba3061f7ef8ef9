using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Foi.Common.Data;
using Foi.Tests.Mail;
using Foi.Tests.Support;
using MimeKit;
using Shouldly;

namespace Foi.Tests.Integration;

/// <summary>
/// Two site processes on one PostgreSQL database behind nginx round robin, set up as the deployment guide says
/// (`foi db migrate` first, then the nodes with MigrateOnStart off), under a short mixed workload: sign-ups and
/// requests through nginx, replies piped to either node's `mail receive`, searches. One node is killed with SIGKILL
/// halfway; the other carries on. Nothing is lost, sessions hold, each node finds what the other wrote, and every
/// firing of the clustered schedule runs on exactly one node.
/// </summary>
internal sealed partial class TwoNodeTests
{
    private const string AuthorityEmail = "foi@two-nodes.example";
    private string root = "";
    private string pickup = "";
    private string mailLog = "";
    private string database = "";

    [SetUp]
    public void NewCluster()
    {
        Nginx.RequireInstalled();
        database = TestDatabases.NewPostgresDatabase(); // skips (or fails, in the script) without PostgreSQL
        root = Directory.CreateTempSubdirectory("foi-two-nodes-").FullName;
        pickup = Path.Combine(root, "outbox");
        mailLog = Path.Combine(root, "mail.log");
        File.WriteAllText(mailLog, "");
    }

    [TearDown]
    public void RemoveCluster() => Directory.Delete(root, recursive: true);

    private Dictionary<string, string?> Node(string name) => new()
    {
        ["Site:DataDirectory"] = Path.Combine(root, name),
        ["Site:BaseUrl"] = "http://foi.test",
        ["Database:Provider"] = nameof(DatabaseProvider.Postgres),
        ["Database:ConnectionString"] = database,
        ["Database:MigrateOnStart"] = "false",
        ["Mail:IncomingDomain"] = "foi.test",
        ["Mail:PickupDirectory"] = pickup,
        ["Mail:Logs:Paths:0"] = mailLog,
        ["Mail:Logs:IntervalSeconds"] = "2",
        ["Mail:Logs:Follow"] = "false", // the import job on the shared schedule, to count its firings
        ["Jobs:Enabled"] = "true",
        ["Jobs:ClusterCheckinInterval"] = "00:00:02",
        ["Spam:Limits:SignUpsPerIpPerHour"] = "1000",
        ["Accounts:SignInAttemptsPerClient"] = "1000",
        ["Logging:Console:FormatterName"] = "json",
        ["Logging:LogLevel:Foi.Common.Jobs"] = "Information",
    };

    [Test]
    public async Task Killing_one_node_mid_workload_loses_nothing_and_the_other_carries_on()
    {
        var (migrated, _, migrateError) = await FoiProcess.RunAsync(Node("a"), "db", "migrate");
        migrated.ShouldBe(0, migrateError);
        var csv = Path.Combine(root, "authorities.csv");
        await File.WriteAllTextAsync(csv, $"name,request_email\nTwo Node Council,{AuthorityEmail}\n");
        (await FoiProcess.RunAsync(Node("a"), "authorities", "import", csv)).ExitCode.ShouldBe(0);

        var logs = new Dictionary<string, ConcurrentQueue<string>> { ["a"] = new(), ["b"] = new() };
        var (nodeA, addressA) = await FoiProcess.StartSiteAsync(Node("a"), logs["a"].Enqueue);
        var (nodeB, addressB) = await FoiProcess.StartSiteAsync(Node("b"), logs["b"].Enqueue);
        var visitors = new List<SiteClient>();
        try
        {
            await using var nginx = await Nginx.StartAsync(addressA, addressB);
            var slug = AuthoritySlug((await Visitor(nginx.Address, visitors).GetAsync("/authorities?q=Two+Node")).Html);
            var filed = new List<(string Slug, string Title)>();

            // Before: three citizens through nginx, their replies piped to either node's mail receive.
            for (var i = 0; i < 3; i++)
            {
                filed.Add(await SignUpAndFileAsync(Visitor(nginx.Address, visitors), slug, $"Gritting routes before the outage {i}"));
            }
            await ReplyAsync(filed[0], Node("a"));
            await ReplyAsync(filed[1], Node("b"));
            await ReplyAsync(filed[2], Node("a"));
            await Task.Delay(TimeSpan.FromSeconds(5)); // a few firings of the log import on the shared schedule

            nodeA.Kill(entireProcessTree: true);
            await nodeA.WaitForExitAsync();
            var killedAt = DateTimeOffset.UtcNow;

            // Sessions made before stay valid on the survivor, whichever node made them.
            foreach (var citizen in visitors.Skip(1))
            {
                (await citizen.GetAsync("/account/profile")).Status.ShouldBe(HttpStatusCode.OK);
            }

            // After: the work goes on through nginx, and the dead node's `mail receive` (its own process) still works.
            for (var i = 0; i < 2; i++)
            {
                filed.Add(await SignUpAndFileAsync(Visitor(nginx.Address, visitors), slug, $"Gritting routes after the outage {i}"));
            }
            await ReplyAsync(filed[3], Node("a"));
            await ReplyAsync(filed[4], Node("b"));

            // Nothing lost: every request and every reply is on the survivor's pages.
            var reader = Visitor(nginx.Address, visitors);
            foreach (var (requestSlug, _) in filed)
            {
                await EventuallyAsync(async () => (await reader.GetAsync($"/request/{requestSlug}")).Html.Contains($"Our answer to {requestSlug}", StringComparison.Ordinal));
            }

            // The survivor's own index finds what the dead node wrote to the database.
            using var directToB = new SiteClient(addressB, pickup);
            await EventuallyAsync(async () => (await directToB.GetAsync("/search?q=outage")).Html is var html
                && filed.All(f => html.Contains(f.Slug, StringComparison.Ordinal)));

            // The schedule went on after the kill, and every firing of it ran on one node only.
            List<(string Node, string Job, DateTimeOffset DueAt)> Imports() =>
                [.. logs.SelectMany(node => JobRuns(node.Value).Select(run => (Node: node.Key, run.Job, run.DueAt))).Where(r => r.Job == "import-mail-logs")];
            await EventuallyAsync(() => Task.FromResult(Imports().Count(r => r.Node == "b" && r.DueAt > killedAt) >= 3));
            var imports = Imports();
            imports.GroupBy(r => r.DueAt).Where(g => g.Count() > 1).ShouldBeEmpty("a firing ran twice");
            imports.ShouldContain(r => r.Node == "a", "both nodes took firings before the kill");
        }
        finally
        {
            foreach (var visitor in visitors)
            {
                visitor.Dispose();
            }
            if (!nodeA.HasExited)
            {
                nodeA.Kill(entireProcessTree: true);
            }
            await FoiProcess.KillAsync(nodeB);
            nodeA.Dispose();
        }
    }

    private SiteClient Visitor(Uri address, List<SiteClient> visitors)
    {
        var visitor = new SiteClient(address, pickup);
        visitors.Add(visitor);
        return visitor;
    }

    private static async Task<(string Slug, string Title)> SignUpAndFileAsync(SiteClient citizen, string authority, string title)
    {
        await citizen.SignUpAsync("Nia Node", $"node-{Guid.NewGuid():N}@example.org");
        var (status, _, location) = await citizen.PostFormAsync($"/new/{authority}", new Dictionary<string, string>
        {
            ["Title"] = title, ["Body"] = "Dear Council,\n\nPlease send me the gritting routes.\n\nYours faithfully,\n\nNia Node", ["Action"] = "send",
        });
        status.ShouldBe(HttpStatusCode.Redirect);
        return (location!.Split('/')[^1].Split('?')[0], title);
    }

    /// <summary>The authority answers the request's letter, and the MTA pipes the answer to the given node's `mail receive`.</summary>
    private async Task ReplyAsync((string Slug, string Title) request, Dictionary<string, string?> node)
    {
        MimeMessage? letter = null;
        await EventuallyAsync(() => Task.FromResult((letter = Mailbox.To(pickup, AuthorityEmail).FirstOrDefault(m => (m.Subject ?? "").Contains(request.Title, StringComparison.Ordinal))) is not null));
        var reply = TestMessages.Reply(letter!.From.Mailboxes.Single().Address, "RE: " + letter.Subject, AuthorityEmail);
        reply.Body = new TextPart("plain") { Text = $"Our answer to {request.Slug}: the routes are attached." };
        var (code, _, error) = await FoiProcess.RunAsync(node, TestMessages.Bytes(reply), "mail", "receive");
        code.ShouldBe(0, error);
    }

    private static string AuthoritySlug(string html) =>
        AuthorityLink().Matches(html).Select(m => m.Groups[1].Value).First(s => s.Contains("two-node", StringComparison.Ordinal));

    private static IEnumerable<(string Job, DateTimeOffset DueAt)> JobRuns(IEnumerable<string> lines) =>
        lines.Where(l => l.StartsWith('{') && l.Contains("\"Foi.Common.Jobs.JobRuns\"", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("State"))
            .Where(state => state.TryGetProperty("DueAt", out _))
            .Select(state => (state.GetProperty("Job").GetString()!, DateTimeOffset.Parse(state.GetProperty("DueAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Fail("not within 30 s");
            }
            await Task.Delay(250);
        }
    }

    [GeneratedRegex("/authority/([a-z0-9-]+)")]
    private static partial Regex AuthorityLink();
}
