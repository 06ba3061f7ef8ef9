using System.Diagnostics;
using Foi.Common.Data;
using Foi.Tests.Support;
using Npgsql;
using Shouldly;

namespace Foi.Tests.Integration;

/// <summary>
/// Two site processes on one PostgreSQL database follow the same MTA log: one node reads it at a time, and when that
/// node dies the other takes the log over and reads on from where it stopped, losing and repeating no line.
/// </summary>
internal sealed class MailLogLeaseTests
{
    private string root = "";
    private string database = "";
    private string log = "";

    [SetUp]
    public void NewCluster()
    {
        database = TestDatabases.NewPostgresDatabase(); // skips (or fails, in the script) without PostgreSQL
        root = Directory.CreateTempSubdirectory("foi-log-lease-").FullName;
        log = Path.Combine(root, "mail.log");
        File.WriteAllText(log, "");
    }

    [TearDown]
    public void RemoveCluster() => Directory.Delete(root, recursive: true);

    private Dictionary<string, string?> Node(string name) => new()
    {
        ["Site:DataDirectory"] = Path.Combine(root, name),
        ["Database:Provider"] = nameof(DatabaseProvider.Postgres),
        ["Database:ConnectionString"] = database,
        ["Database:MigrateOnStart"] = "false",
        ["Mail:IncomingDomain"] = "foi.test",
        ["Mail:PickupDirectory"] = Path.Combine(root, "outbox"),
        ["Mail:Logs:Paths:0"] = log,
        ["Jobs:Enabled"] = "true",
    };

    [Test]
    public async Task When_the_node_following_the_log_dies_the_other_reads_on_from_where_it_stopped()
    {
        (await FoiProcess.RunAsync(Node("a"), "db", "migrate")).ExitCode.ShouldBe(0);
        var (nodeA, _) = await FoiProcess.StartSiteAsync(Node("a"));
        var (nodeB, _) = await FoiProcess.StartSiteAsync(Node("b"));
        try
        {
            await AppendOtherMailAsync(first: 1, count: 50);
            await UntilAsync(async () => await LinesReadAsync() == 50);
            var holder = await HolderAsync();
            var (leader, follower) = holder.Contains($":{nodeA.Id}:", StringComparison.Ordinal) ? (nodeA, nodeB) : (nodeB, nodeA);
            holder.ShouldContain($":{leader.Id}:");

            // While both live, the one holding the lease keeps it: the other never reads.
            for (var i = 0; i < 3; i++)
            {
                await AppendOtherMailAsync(first: 51 + i * 10, count: 10);
                await UntilAsync(async () => await LinesReadAsync() == 60 + i * 10);
                (await HolderAsync()).ShouldBe(holder);
            }

            leader.Kill(entireProcessTree: true);
            await leader.WaitForExitAsync();
            await AppendOtherMailAsync(first: 81, count: 20);

            // The lease runs out (15 s) and the survivor takes the log over from the dead node's position.
            await UntilAsync(async () => await LinesReadAsync() == 100, TimeSpan.FromSeconds(45));
            (await HolderAsync()).ShouldContain($":{follower.Id}:");
        }
        finally
        {
            if (!nodeA.HasExited)
            {
                nodeA.Kill(entireProcessTree: true);
            }
            if (!nodeB.HasExited)
            {
                nodeB.Kill(entireProcessTree: true);
            }
            nodeA.Dispose();
            nodeB.Dispose();
        }
    }

    /// <summary>Lines about other people's mail: the import reads past them, and its position counts them.</summary>
    private async Task AppendOtherMailAsync(int first, int count)
    {
        var now = DateTime.UtcNow;
        var stamp = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{now:MMM} {now.Day,2} {now:HH:mm:ss}");
        var lines = Enumerable.Range(first, count).Select(n => $"{stamp} mx postfix/qmgr[3000]: OTHER{n:D6}: removed\n");
        await File.AppendAllTextAsync(log, string.Concat(lines));
    }

    private async Task<long> LinesReadAsync() =>
        Convert.ToInt64(await QueryAsync("SELECT COALESCE(SUM(\"LinesRead\"), 0) FROM mail_log_files"), System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> HolderAsync() => (string)(await QueryAsync("SELECT \"Holder\" FROM mail_log_leases"))!;

    private async Task<object?> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan? within = null)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > (within ?? TimeSpan.FromSeconds(30)))
            {
                Assert.Fail($"not within {(within ?? TimeSpan.FromSeconds(30)).TotalSeconds} s");
            }
            await Task.Delay(200);
        }
    }
}
