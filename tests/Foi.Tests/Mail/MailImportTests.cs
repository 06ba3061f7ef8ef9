using System.Diagnostics;
using System.Text;
using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Modules.Mail.Domain;
using Foi.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Shouldly;

namespace Foi.Tests.Mail;

/// <summary>`foi mail import` over folders, .eml files and mbox files; run again, and after being killed mid-batch.</summary>
internal sealed class MailImportTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private static MimeMessage Numbered(int i, string to)
    {
        var message = TestMessages.Reply(to, $"Reply number {i}");
        message.MessageId = $"import-{i}-{Guid.NewGuid():N}@council.example";
        message.Body = new TextPart("plain") { Text = $"This is reply {i}." };
        return message;
    }

    private async Task<(int Code, string Output, string Error)> ImportAsync(params string[] paths)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await FoiCommandLine.RunAsync(Site.Services, ["mail", "import", .. paths], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Test]
    public async Task A_folder_of_eml_files_and_an_mbox_are_imported_once_however_often_the_import_runs()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var folder = Directory.CreateTempSubdirectory("foi-import-").FullName;
        for (var i = 0; i < 3; i++)
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, $"{i}.eml"), TestMessages.Bytes(Numbered(i, request.Address)));
        }
        var mbox = new StringBuilder();
        for (var i = 3; i < 6; i++)
        {
            mbox.Append("From foi@council.example Tue Nov 24 10:00:00 2026\n").Append(Encoding.UTF8.GetString(TestMessages.Bytes(Numbered(i, request.Address))).Replace("\r\n", "\n", StringComparison.Ordinal)).Append('\n');
        }
        var mboxFile = Path.Combine(Site.DataDirectory, "archive.mbox");
        await File.WriteAllTextAsync(mboxFile, mbox.ToString());

        var (code, output, _) = await ImportAsync(folder, mboxFile);
        code.ShouldBe(0);
        output.ShouldContain("Imported 6 new message(s), 0 already stored, 0 unreadable, from 4 file(s)");
        var again = await ImportAsync(folder, mboxFile);
        again.Output.ShouldContain("Imported 0 new message(s), 6 already stored");

        var published = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<Foi.Modules.Requests.Domain.RequestMessage>()
            .CountAsync(m => m.RequestId == request.Id && m.Direction == Foi.Modules.Requests.Domain.MessageDirection.Incoming));
        published.ShouldBe(6);
        (await ImportAsync("/no/such/folder")).Code.ShouldBe(66);
    }

}

/// <summary>
/// A batch import killed mid-way, as a separate process on its own SQLite file, then run again. (The PostgreSQL path
/// is the same code: deduplication by Message-ID under a unique index.)
/// </summary>
internal sealed class MailImportCrashTests
{
    private static MimeMessage Numbered(int i, string to)
    {
        var message = TestMessages.Reply(to, $"Reply number {i}");
        message.MessageId = $"import-{i}-{Guid.NewGuid():N}@council.example";
        message.Body = new TextPart("plain") { Text = $"This is reply {i}." };
        return message;
    }

    [Test]
    public async Task An_import_killed_midway_and_run_again_leaves_every_message_exactly_once()
    {
        var folder = Directory.CreateTempSubdirectory("foi-crash-").FullName;
        const int Count = 400;
        var ids = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            var message = Numbered(i, "somebody@council.example");
            ids.Add(message.MessageId!);
            await File.WriteAllBytesAsync(Path.Combine(folder, $"{i:D4}.eml"), TestMessages.Bytes(message));
        }
        var dataDirectory = Directory.CreateTempSubdirectory("foi-crash-data-").FullName;

        using (var first = StartImport(folder, dataDirectory))
        {
            // Let it store some messages, then kill it without warning.
            var database = Path.Combine(dataDirectory, "foi.db");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && StoredCount(database) < 20)
            {
                await Task.Delay(100);
            }
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
        var afterKill = StoredCount(Path.Combine(dataDirectory, "foi.db"));
        afterKill.ShouldBeInRange(1, Count - 1);

        using (var second = StartImport(folder, dataDirectory))
        {
            await second.WaitForExitAsync();
            second.ExitCode.ShouldBe(0, await second.StandardError.ReadToEndAsync());
        }
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "foi.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MessageId FROM mail_incoming";
        var stored = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                stored.Add(reader.GetString(0));
            }
        }
        stored.Count.ShouldBe(Count);
        stored.Order().ShouldBe(ids.Order());
        TestContext.Out.WriteLine($"killed after {afterKill} of {Count} messages");
    }

    private static int StoredCount(string database)
    {
        if (!File.Exists(database))
        {
            return 0;
        }
        try
        {
            using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM mail_incoming";
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            return 0; // not migrated yet, or busy
        }
    }

    private static Process StartImport(string folder, string dataDirectory)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "Foi.dll");
        var start = new ProcessStartInfo("dotnet", [program, "mail", "import", folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Site__DataDirectory"] = dataDirectory;
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Database__ConnectionString"] = "";
        start.Environment["Mail__AddressSecret"] = "crash-test";
        start.Environment["Themes__Directory"] = Foi.Tests.Themes.ThemeCheckTests.RepositoryThemes;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return Process.Start(start) ?? throw new InvalidOperationException("could not start Foi");
    }
}
