using System.CommandLine;
using System.Globalization;
using Foi.Common.Cli;
using Foi.Common.Data;

namespace Foi.Common.Backup;

/// <summary><c>foi backup [--to FILE]</c> and <c>foi restore FILE [--replace]</c>.</summary>
internal static class BackupVerbs
{
    public static IServiceCollection AddBackup(this IServiceCollection services)
    {
        services.AddScoped<SiteBackup>();
        return services.AddVerbs(cli => [Backup(cli), Restore(cli)]);
    }

    private static Command Backup(CliContext cli)
    {
        var to = new Option<FileInfo?>("--to") { Description = "Where to write the archive (default: foi-backup-<date>-<time>.tar.gz here)" };
        var backup = new Command("backup", "Write the database and the data directory to one archive, consistent while the site runs") { to };
        backup.SetAction(async (result, cancellationToken) =>
        {
            var archive = result.GetValue(to)?.FullName
                ?? Path.GetFullPath($"foi-backup-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.tar.gz");
            await using var scope = cli.CreateScope();
            var manifest = await scope.ServiceProvider.GetRequiredService<SiteBackup>().BackupAsync(archive, cancellationToken);
            await cli.Output.WriteLineAsync($"Backed up to {archive}: the {manifest.Provider} database at migration {manifest.LastMigration ?? "(none)"} and {manifest.Files.Count - 1} file(s) of the data directory.");
            return 0;
        });
        return backup;
    }

    private static Command Restore(CliContext cli)
    {
        var file = new Argument<FileInfo>("file") { Description = "An archive written by foi backup" };
        var replace = new Option<bool>("--replace") { Description = "Overwrite a database that already holds a site" };
        var restore = new Command("restore", "Put a backup in place of this site's database and data directory (stop the site first), then migrate it") { file, replace };
        restore.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists)
            {
                await cli.Error.WriteLineAsync($"{path.FullName}: no such file.");
                return 66; // EX_NOINPUT
            }
            BackupManifest manifest;
            await using (var scope = cli.Root.CreateAsyncScope())
            {
                manifest = await scope.ServiceProvider.GetRequiredService<SiteBackup>().RestoreAsync(path.FullName, result.GetValue(replace), cancellationToken);
            }
            // A backup of an older version is brought up to this one, as the site would at start.
            var applied = await DatabaseSetup.MigrateAsync(cli.Root, cancellationToken);
            await cli.Output.WriteLineAsync($"Restored the backup of {manifest.CreatedAt:u} ({manifest.Files.Count - 1} data file(s)); "
                + (applied.Count == 0 ? "its database is up to date." : $"applied {applied.Count} migration(s) since."));
            await cli.Output.WriteLineAsync("The search index is rebuilt when the site starts.");
            return 0;
        });
        return restore;
    }
}
