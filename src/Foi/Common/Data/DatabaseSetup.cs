using Foi.Common.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Foi.Common.Data;

internal static class DatabaseSetup
{
    /// <summary>
    /// A list of ids in a query goes as one array parameter. EF Core 10's default, a parameter per id, fails past the
    /// database's limit (32,766 on SQLite, 65,535 on PostgreSQL: a prolific requester's messages when their account
    /// closes) and made PostgreSQL plan a list of 10,000 ids for 20 ms.
    /// </summary>
    private const ParameterTranslationMode OneParameterPerList = ParameterTranslationMode.Parameter;

    public static IServiceCollection AddFoiDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var database = services.AddSettings(configuration, DatabaseOptions.Section, new DatabaseOptionsValidator());
        services.AddSingleton(database);
        services.AddScoped<IInterceptor, ChangeRecorder>();
        services.AddScoped<ChangeFeed>();
        services.AddSingleton<ChangeSignal>();

        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContext<FoiDbContext, SqliteFoiDbContext>((provider, options) => options.UseSqlite(string.IsNullOrWhiteSpace(database.ConnectionString)
                        ? $"Data Source={Path.Combine(provider.GetRequiredService<DataDirectory>().Path, "foi.db")}"
                        : database.ConnectionString, sqlite => sqlite.UseParameterizedCollectionMode(OneParameterPerList))
                    .AddInterceptors(SqlitePragmas.Instance, OneConnectionPerContext.Instance, NulFreeText.Instance).AddInterceptors(provider.GetServices<IInterceptor>()));
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContext<FoiDbContext, PostgresFoiDbContext>((provider, options) => options.UseNpgsql(database.ConnectionString, npgsql => npgsql.UseParameterizedCollectionMode(OneParameterPerList))
                    .AddInterceptors(OneConnectionPerContext.Instance, NulFreeText.Instance).AddInterceptors(provider.GetServices<IInterceptor>()));
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{database.Provider}'. Use Sqlite or Postgres.");
        }
        return services;
    }

    /// <summary>Migrates at start unless <c>Database:MigrateOnStart</c> is false (an operator who runs `foi db migrate` in a deploy step).</summary>
    public static async Task MigrateOnStartAsync(this WebApplication app)
    {
        if (app.Services.GetRequiredService<DatabaseOptions>().MigrateOnStart)
        {
            await MigrateAsync(app.Services, CancellationToken.None);
        }
    }

    /// <summary>Creates the database if needed and applies every pending migration.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
        if (db.Database.IsSqlite())
        {
            var path = db.Database.GetDbConnection().DataSource;
            if (!string.IsNullOrEmpty(path) && Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
            {
                Directory.CreateDirectory(directory);
            }
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets readers (the site) and a writer (a mail import) work at once, and makes commits cheap.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        return pending;
    }
}

/// <summary>
/// Per-connection SQLite settings: with WAL, synchronous=NORMAL is still safe against corruption and loses at most the
/// last commits on power loss (not on a process crash); busy_timeout makes a second writer wait instead of failing.
/// Set once per database handle: the pool hands the same handle out again, and EF opens it for every query.
/// </summary>
internal sealed class SqlitePragmas : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    private const string Settings = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> configured = [];

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData)
    {
        if (IsNew(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Settings;
            command.ExecuteNonQuery();
            Configured(connection);
        }
    }

    public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsNew(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Settings;
            await command.ExecuteNonQueryAsync(cancellationToken);
            Configured(connection);
        }
    }

    private bool IsNew(System.Data.Common.DbConnection connection) =>
        connection is not Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle } || !configured.TryGetValue(handle, out _);

    private void Configured(System.Data.Common.DbConnection connection)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle })
        {
            configured.AddOrUpdate(handle, this);
        }
    }
}

/// <summary>Lets <c>dotnet ef</c> build each provider's context without starting the site.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteFoiDbContext>
{
    public SqliteFoiDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteFoiDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresFoiDbContext>
{
    public PostgresFoiDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresFoiDbContext>().UseNpgsql("Host=localhost;Database=foi_design").Options);
}
