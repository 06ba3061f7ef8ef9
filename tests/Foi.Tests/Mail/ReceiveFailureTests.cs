using System.Diagnostics;
using Foi.Tests.Support;
using Microsoft.Data.Sqlite;
using MimeKit;
using Npgsql;
using Shouldly;

namespace Foi.Tests.Mail;

/// <summary>
/// `foi mail receive` run as the MTA runs it, a process of its own, against storage that fails in every way tried:
/// it must answer 75 (the MTA keeps the message and tries again), never 1 (the MTA bounces the reply to the
/// authority and it is lost), with one line on standard error, within the accept timeout.
/// </summary>
internal sealed class ReceiveFailureTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(40);

    private static byte[] Reply()
    {
        var message = TestMessages.Reply("request-1-0000000000@foi.test", "A reply that must not be lost");
        message.MessageId = $"{Guid.NewGuid():N}@council.example";
        message.Body = new TextPart("plain") { Text = "The information you asked for." };
        return TestMessages.Bytes(message);
    }

    private static async Task<(int Code, string Error, TimeSpan Took)> ReceiveAsync(IDictionary<string, string> settings)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "Foi.dll");
        var start = new ProcessStartInfo("dotnet", [program, "mail", "receive"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Mail__AddressSecret"] = "receive-failure-test";
        start.Environment["Mail__IncomingDomain"] = "foi.test";
        start.Environment["Mail__Receive__AcceptTimeoutSeconds"] = "10";
        start.Environment["Themes__Directory"] = Themes.ThemeCheckTests.RepositoryThemes;
        start.Environment["Logging__LogLevel__Default"] = "None";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start Foi");
        await process.StandardInput.BaseStream.WriteAsync(Reply());
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Bound + TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await error, watch.Elapsed);
    }

    private static async Task ShouldTryAgainLaterAsync(IDictionary<string, string> settings)
    {
        var (code, error, took) = await ReceiveAsync(settings);
        code.ShouldBe(75, error);
        error.Trim().ShouldStartWith("foi: ");
        error.Trim().Split('\n').Length.ShouldBe(1, error);
        took.ShouldBeLessThan(Bound, "the MTA's pipe is not held beyond the accept timeout");
    }

    private static Dictionary<string, string> Sqlite(string dataDirectory, string connection = "") => new()
    {
        ["Site__DataDirectory"] = dataDirectory,
        ["Database__Provider"] = "Sqlite",
        ["Database__ConnectionString"] = connection,
    };

    private static string NewDirectory() => Directory.CreateTempSubdirectory("foi-receive-").FullName;

    [Test]
    public async Task A_message_is_stored_and_acknowledged_with_0()
    {
        var (code, error, _) = await ReceiveAsync(Sqlite(NewDirectory()));
        code.ShouldBe(0, error);
    }

    [Test]
    public async Task Sqlite_a_data_directory_that_is_a_file() =>
        await ShouldTryAgainLaterAsync(Sqlite(Path.GetTempFileName()));

    [Test]
    public async Task Sqlite_a_corrupt_database_file()
    {
        var directory = NewDirectory();
        await File.WriteAllBytesAsync(Path.Combine(directory, "foi.db"), Enumerable.Repeat((byte)0x5a, 64 * 1024).ToArray());
        await ShouldTryAgainLaterAsync(Sqlite(directory));
    }

    [Test]
    public async Task Sqlite_a_read_only_database()
    {
        var directory = NewDirectory();
        (await ReceiveAsync(Sqlite(directory))).Code.ShouldBe(0); // creates and migrates it
        await ShouldTryAgainLaterAsync(Sqlite(directory, $"Data Source={Path.Combine(directory, "foi.db")};Mode=ReadOnly"));
    }

    [Test]
    public async Task Sqlite_a_database_locked_by_another_writer()
    {
        var directory = NewDirectory();
        (await ReceiveAsync(Sqlite(directory))).Code.ShouldBe(0);
        await using var holder = new SqliteConnection($"Data Source={Path.Combine(directory, "foi.db")}");
        await holder.OpenAsync();
        await using (var command = holder.CreateCommand())
        {
            command.CommandText = "BEGIN EXCLUSIVE";
            await command.ExecuteNonQueryAsync();
        }
        await ShouldTryAgainLaterAsync(Sqlite(directory));
    }

    [Test]
    public async Task A_configuration_that_stops_the_program_at_start() =>
        await ShouldTryAgainLaterAsync(new Dictionary<string, string> { ["Site__DataDirectory"] = NewDirectory(), ["Database__Provider"] = "Postgres", ["Database__ConnectionString"] = "" });

    private static string PostgresServer() =>
        Environment.GetEnvironmentVariable("FOI_TEST_POSTGRES") is { Length: > 0 } server ? server : Ignore<string>();

    private static T Ignore<T>()
    {
        if (Environment.GetEnvironmentVariable("FOI_REQUIRE_POSTGRES") == "1")
        {
            Assert.Fail("No PostgreSQL server: set FOI_TEST_POSTGRES.");
        }
        Assert.Ignore("No PostgreSQL server: set FOI_TEST_POSTGRES.");
        return default!;
    }

    private static Dictionary<string, string> Postgres(string connection) => new()
    {
        ["Site__DataDirectory"] = NewDirectory(),
        ["Database__Provider"] = "Postgres",
        ["Database__ConnectionString"] = connection,
    };

    [Test]
    public async Task Postgres_nothing_listening_on_the_port()
    {
        _ = PostgresServer();
        await ShouldTryAgainLaterAsync(Postgres("Host=127.0.0.1;Port=1;Username=postgres;Database=foi;Timeout=5"));
    }

    [Test]
    public async Task Postgres_an_unknown_host()
    {
        _ = PostgresServer();
        await ShouldTryAgainLaterAsync(Postgres("Host=no-such-host.invalid;Username=postgres;Database=foi;Timeout=5"));
    }

    [Test]
    public async Task Postgres_a_role_that_does_not_exist()
    {
        var server = new NpgsqlConnectionStringBuilder(PostgresServer()) { Username = "no_such_role", Database = $"foi_test_{Guid.NewGuid():N}" };
        await ShouldTryAgainLaterAsync(Postgres(server.ConnectionString));
    }

    [Test]
    public async Task Postgres_a_read_only_database()
    {
        var name = $"foi_test_{Guid.NewGuid():N}";
        var connection = $"{PostgresServer()};Database={name}";
        (await ReceiveAsync(Postgres(connection))).Code.ShouldBe(0); // creates and migrates it
        await using (var admin = new NpgsqlConnection($"{PostgresServer()};Database=postgres"))
        {
            await admin.OpenAsync();
            await using var command = admin.CreateCommand();
            command.CommandText = $"ALTER DATABASE {name} SET default_transaction_read_only = on";
            await command.ExecuteNonQueryAsync();
        }
        NpgsqlConnection.ClearAllPools();
        await ShouldTryAgainLaterAsync(Postgres(connection));
    }
}
