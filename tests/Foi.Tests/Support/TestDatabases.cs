using Foi.Common.Data;

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
}
