using Foi.Common.Data;
using Npgsql;

namespace Foi.Tests.Support;

/// <summary>Which providers the integration tests run on here.</summary>
internal static class TestDatabases
{
    private const string PostgresVariable = "FOI_TEST_POSTGRES";

    /// <summary>Both providers; integration fixtures are instantiated once per provider.</summary>
    public static readonly object[] Providers = [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    /// <summary>
    /// A connection string to a new, empty database on the test server. Without the server (running `dotnet test`
    /// by hand) the PostgreSQL fixtures are skipped, unless FOI_REQUIRE_POSTGRES says they must run, as the test script does.
    /// </summary>
    public static string NewPostgresDatabase()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            const string Why = "No PostgreSQL server: set " + PostgresVariable + " (tests/run-all.sh does).";
            if (Environment.GetEnvironmentVariable("FOI_REQUIRE_POSTGRES") == "1")
            {
                Assert.Fail(Why);
            }
            Assert.Ignore(Why);
        }
        return $"{server};Database=foi_test_{Guid.NewGuid():N}";
    }

    /// <summary>An outage of one database: PostgreSQL refuses new connections to it and ends the open ones.</summary>
    public static async Task SetConnectionsAsync(string database, bool allowed)
    {
        await using var admin = new NpgsqlConnection($"{Environment.GetEnvironmentVariable("FOI_TEST_POSTGRES")};Database=postgres;Pooling=false");
        await admin.OpenAsync();
        await using (var command = admin.CreateCommand())
        {
            command.CommandText = $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS {(allowed ? "true" : "false")}";
            await command.ExecuteNonQueryAsync();
        }
        if (!allowed)
        {
            await using var terminate = admin.CreateCommand();
            terminate.CommandText = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()";
            terminate.Parameters.AddWithValue("name", database);
            await terminate.ExecuteNonQueryAsync();
        }
    }
}
