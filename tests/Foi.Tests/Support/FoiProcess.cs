using System.Data.Common;
using System.Diagnostics;
using Foi.Common.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Foi.Tests.Support;

/// <summary>Foi run as its own process (the site, or a verb as an MTA or cron would run it), for tests that kill it.</summary>
internal static class FoiProcess
{
    public static Process Start(IReadOnlyDictionary<string, string?> settings, string[] arguments, bool redirectInput = false, string urls = "http://127.0.0.1:0")
    {
        var program = Path.Combine(AppContext.BaseDirectory, "Foi.dll");
        var start = new ProcessStartInfo("dotnet", [program, .. arguments])
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
        }
        start.Environment["ASPNETCORE_URLS"] = urls;
        start.Environment["Themes__Directory"] = Themes.ThemeCheckTests.RepositoryThemes;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start Foi");
        // Drained so a full pipe never blocks the program.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task KillAsync(Process process)
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(CancellationToken.None);
        process.Dispose();
    }

    /// <summary>One number from the site's database, read beside the process, not through it.</summary>
    public static async Task<int> ScalarAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?> settings, string sql)
    {
        await using DbConnection connection = provider == DatabaseProvider.Postgres
            ? new NpgsqlConnection(settings["Database:ConnectionString"] + ";Pooling=false")
            : new SqliteConnection($"Data Source={Path.Combine(settings["Site:DataDirectory"]!, "foi.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
