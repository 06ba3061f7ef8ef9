using System.Data.Common;
using System.Text.RegularExpressions;
using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Tests.Mail;
using Foi.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Shouldly;

namespace Foi.Tests.Integration;

/// <summary>
/// `foi backup` of a site with accounts, requests, a reply with an attachment and files in its data directory, then
/// `foi restore` into an empty site elsewhere (a new data directory, a new database): the restored site has every
/// row of every table, the same pages, and finds the request in a search index it rebuilt.
/// </summary>
internal sealed partial class BackupTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    [Test]
    public async Task A_restored_backup_is_the_same_site()
    {
        var request = await RequestFixtures.FileAsync(Site, "Library opening hours kept in backups");
        var reply = TestMessages.Reply(request.Address, "RE: " + request.Title);
        reply.Body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = "The opening hours are attached." },
            TestMessages.Attachment(TestMessages.Pdf("Monday to Friday, 9 to 5"), "application/pdf", "hours.pdf"),
        };
        (await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(reply))).ExitCode.ShouldBe(0);
        var archive = Path.Combine(Site.DataDirectory, "..", $"foi-backup-{Guid.NewGuid():N}.tar.gz");

        using var output = new StringWriter();
        using var error = new StringWriter();
        (await FoiCommandLine.RunAsync(Site.Services, ["backup", "--to", archive], output, error)).ShouldBe(0, error.ToString());
        output.ToString().ShouldContain("Backed up to");

        var elsewhere = Directory.CreateTempSubdirectory("foi-restored-").FullName;
        var target = new Dictionary<string, string?>
        {
            ["Site:DataDirectory"] = elsewhere,
            ["Database:Provider"] = Provider.ToString(),
            ["Database:ConnectionString"] = Provider == DatabaseProvider.Postgres ? TestDatabases.NewPostgresDatabase() : "",
            ["Mail:AddressSecret"] = Site.Settings["Mail:AddressSecret"],
            ["Mail:IncomingDomain"] = Site.Settings["Mail:IncomingDomain"],
        };
        try
        {
            var (code, restoredOutput, restoreError) = await FoiProcess.RunAsync(target, "restore", archive);
            code.ShouldBe(0, restoreError);
            restoredOutput.ShouldContain("Restored the backup of");
            // The data directory's files came back (the mails the site wrote to its pickup folder).
            Directory.GetFiles(Path.Combine(elsewhere, "mail-outbox"), "*.eml").Length
                .ShouldBe(Directory.GetFiles(Path.Combine(Site.DataDirectory, "mail-outbox"), "*.eml").Length);

            await using var restored = new FoiFactory(Provider, target);
            (await RowCountsAsync(restored)).ShouldBe(await RowCountsAsync(Site));

            using var original = new SiteClient(Site);
            using var copy = new SiteClient(restored);
            var page = MainOf((await original.GetAsync($"/request/{request.Slug}")).Html);
            page.ShouldContain("hours.pdf");
            MainOf((await copy.GetAsync($"/request/{request.Slug}")).Html).ShouldBe(page);

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!(await copy.GetAsync("/search?q=opening+hours")).Html.Contains(request.Slug, StringComparison.Ordinal))
            {
                DateTime.UtcNow.ShouldBeLessThan(deadline, "the restored site rebuilds its index and finds the request");
                await Task.Delay(250);
            }

            // A second restore over a site that holds data is refused unless asked for.
            var (again, _, againError) = await FoiProcess.RunAsync(target, "restore", archive);
            again.ShouldBe(70);
            againError.ShouldContain("--replace");
        }
        finally
        {
            File.Delete(archive);
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Test]
    public async Task A_file_that_is_not_a_backup_is_refused_with_one_line_and_nothing_changes()
    {
        var bogus = Path.Combine(Site.DataDirectory, "not-a-backup.tar.gz");
        await File.WriteAllTextAsync(bogus, "these are not the bytes of an archive");
        var settings = new Dictionary<string, string?>(Site.Settings);

        var (code, _, error) = await FoiProcess.RunAsync(settings, "restore", bogus, "--replace");

        code.ShouldBe(70);
        error.Trim().ShouldStartWith($"foi: {bogus} is not a Foi backup");
        error.ShouldNotContain("   at ");
        (await RowCountsAsync(Site)).Values.Sum().ShouldBeGreaterThan(0);
    }

    /// <summary>Every table of the model with its number of rows.</summary>
    private static async Task<Dictionary<string, long>> RowCountsAsync(FoiFactory site)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct())
        {
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return counts;
    }

    private static string MainOf(string html) => MainPart().Match(html) is { Success: true } main ? main.Value : html;

    [GeneratedRegex("<main.*?</main>", RegexOptions.Singleline)]
    private static partial Regex MainPart();
}
