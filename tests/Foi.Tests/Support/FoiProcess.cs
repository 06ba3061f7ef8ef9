using System.Data.Common;
using System.Diagnostics;
using Foi.Common.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Foi.Tests.Support;

/// <summary>Foi run as its own process (the site, or a verb as an MTA or cron would run it), for tests that kill it.</summary>
internal static class FoiProcess
{
    public static Process Start(IReadOnlyDictionary<string, string?> settings, string[] arguments, bool redirectInput = false, string urls = "http://127.0.0.1:0", Action<string>? output = null)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "Foi.dll");
        var start = new ProcessStartInfo("dotnet", [program, .. arguments])
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_URLS"] = urls;
        start.Environment["Themes__Directory"] = Themes.ThemeCheckTests.RepositoryThemes;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start Foi");
        // Drained so a full pipe never blocks the program.
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                output?.Invoke(line.Data);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Starts the site on a free loopback port and waits until it serves its home page.</summary>
    public static async Task<(Process Process, Uri Address)> StartSiteAsync(IReadOnlyDictionary<string, string?> settings, Action<string>? output = null)
    {
        var address = new Uri($"http://127.0.0.1:{Nginx.FreePort()}");
        var process = Start(settings, [], urls: address.ToString().TrimEnd('/'), output: output);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the site exited with {process.ExitCode} before serving a page");
            }
            try
            {
                if ((await http.GetAsync(address)).IsSuccessStatusCode)
                {
                    return (process, address);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        await KillAsync(process);
        throw new TimeoutException("the site did not serve its home page within 60 s");
    }

    /// <summary>Runs the program to its end, as an operator or an MTA would, with settings as environment variables.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string?> settings, params string[] arguments) =>
        RunAsync(settings, [], arguments);

    /// <summary>Runs the program to its end with <paramref name="input"/> on standard input, as an MTA pipes a message.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string?> settings, byte[] input, params string[] arguments)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "Foi.dll");
        var start = new ProcessStartInfo("dotnet", [program, .. arguments])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Themes__Directory"] = Themes.ThemeCheckTests.RepositoryThemes;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start Foi");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input.Length > 0)
        {
            await process.StandardInput.BaseStream.WriteAsync(input);
        }
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return (-1, await output, "still running after 60 s; " + await error);
        }
        return (process.ExitCode, await output, await error);
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
