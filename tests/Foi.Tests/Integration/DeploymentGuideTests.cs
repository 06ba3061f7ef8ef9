using System.Diagnostics;
using System.Text.Json.Nodes;
using Foi.Common.Data;
using Foi.Tests.Support;
using Shouldly;

namespace Foi.Tests.Integration;

/// <summary>
/// The README's deployment guide, run where a test machine can: its <c>appsettings.Production.json</c> is read by the
/// program started in its folder, as the guide's commands, the systemd unit and the MTA's pipe start it. (Its nginx
/// block is the one <see cref="ReverseProxyTests"/> and <see cref="TwoNodeTests"/> run.)
/// </summary>
internal sealed class DeploymentGuideTests
{
    [Test]
    public async Task The_guide_s_settings_file_is_read_from_the_folder_the_program_starts_in()
    {
        var folder = Directory.CreateTempSubdirectory("foi-srv-").FullName;
        try
        {
            var settings = JsonNode.Parse(DeploymentGuide.ProductionSettings)!.AsObject();
            settings["Site"]!["DataDirectory"] = Path.Combine(folder, "data");
            var postgres = Environment.GetEnvironmentVariable("FOI_TEST_POSTGRES");
            if (string.IsNullOrWhiteSpace(postgres))
            {
                // Without a PostgreSQL server here, the same file on SQLite: the rest of it is still the guide's.
                settings["Database"]!["Provider"] = nameof(DatabaseProvider.Sqlite);
                settings["Database"]!["ConnectionString"] = "";
            }
            else
            {
                settings["Database"]!["ConnectionString"] = TestDatabases.NewPostgresDatabase();
            }
            await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.Production.json"), settings.ToJsonString());

            var (code, output, error) = await RunInAsync(folder, "db", "migrate");
            code.ShouldBe(0, error);
            output.ShouldContain("Applied");

            // A wrong value in the file stops the program with the key named, as the guide says.
            settings["Site"]!["TimeZone"] = "Europe/Atlantis";
            await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.Production.json"), settings.ToJsonString());
            var (wrong, _, wrongError) = await RunInAsync(folder, "db", "migrate");
            wrong.ShouldBe(78);
            wrongError.ShouldContain("Site:TimeZone: 'Europe/Atlantis'");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The program started in <paramref name="folder"/>, as the guide starts it from /srv/foi, with no settings of the test's own.</summary>
    private static async Task<(int Code, string Output, string Error)> RunInAsync(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Foi.dll"), .. arguments])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Themes__Directory"] = Themes.ThemeCheckTests.RepositoryThemes;
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
