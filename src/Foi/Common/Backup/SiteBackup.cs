using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Foi.Common.Data;
using Foi.Common.Site;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Foi.Common.Backup;

/// <summary>What a backup holds, written first in the archive so a restore can check it before touching anything.</summary>
internal sealed record BackupManifest(int Format, string Provider, DateTimeOffset CreatedAt, string? LastMigration, IReadOnlyDictionary<string, string> Files);

/// <summary>
/// One archive (<c>.tar.gz</c>) with the whole site: the database as of one moment (SQLite's online backup, or
/// <c>pg_dump</c> in its custom format, both consistent while the site runs) and the data directory's files. The
/// search index is left out: it is rebuilt from the database when a restored site starts.
/// </summary>
internal sealed class SiteBackup(FoiDbContext db, DatabaseOptions database, DataDirectory data, TimeProvider time)
{
    private const int Format = 1;
    private const string ManifestEntry = "manifest.json";
    private const string SqliteEntry = "database/foi.db";
    private const string PostgresEntry = "database/foi.pgdump";
    private const string DataPrefix = "data/";
    private static readonly string[] SqliteSideFiles = ["-wal", "-shm", "-journal"];

    /// <summary>Files of the data directory that are not copied: the live database and the rebuildable index.</summary>
    private static bool LeftOut(string relative) =>
        relative.StartsWith("search/", StringComparison.Ordinal) || relative is "foi.db" or "foi.db-wal" or "foi.db-shm" or "foi.db-journal";

    public async Task<BackupManifest> BackupAsync(string archive, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("foi-backup-").FullName;
        try
        {
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            var dump = await DumpDatabaseAsync(work, cancellationToken);
            files[dump.Entry] = await HashAsync(dump.Path, cancellationToken);
            var dataFiles = Directory.Exists(data.Path)
                ? Directory.EnumerateFiles(data.Path, "*", SearchOption.AllDirectories)
                    .Select(path => (Path: path, Relative: Path.GetRelativePath(data.Path, path).Replace('\\', '/')))
                    .Where(f => !LeftOut(f.Relative))
                    .ToList()
                : [];
            foreach (var file in dataFiles)
            {
                files[DataPrefix + file.Relative] = await HashAsync(file.Path, cancellationToken);
            }
            var manifest = new BackupManifest(Format, database.Provider.ToString(), time.GetUtcNow(),
                (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).LastOrDefault(), files);

            var partial = archive + ".partial";
            await using (var output = File.Create(partial))
            await using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
            await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false))
            {
                var manifestPath = Path.Combine(work, ManifestEntry);
                await File.WriteAllTextAsync(manifestPath, JsonSerializer.Serialize(manifest, JsonOptions), cancellationToken);
                await tar.WriteEntryAsync(manifestPath, ManifestEntry, cancellationToken);
                await tar.WriteEntryAsync(dump.Path, dump.Entry, cancellationToken);
                foreach (var file in dataFiles)
                {
                    await tar.WriteEntryAsync(file.Path, DataPrefix + file.Relative, cancellationToken);
                }
            }
            File.Move(partial, archive, overwrite: true); // a backup cut short never passes for a whole one
            return manifest;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Puts the archive's database and files in place of this site's. Refuses a database that already holds a site
    /// unless <paramref name="replace"/>; the site must be stopped meanwhile (the database is replaced under it).
    /// </summary>
    public async Task<BackupManifest> RestoreAsync(string archive, bool replace, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("foi-restore-").FullName;
        try
        {
            try
            {
                await using var input = File.OpenRead(archive);
                await using var gzip = new GZipStream(input, CompressionMode.Decompress);
                await TarFile.ExtractToDirectoryAsync(gzip, work, overwriteFiles: true, cancellationToken);
            }
            catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException or FormatException)
            {
                throw new InvalidDataException($"{archive} is not a Foi backup ({exception.Message}); nothing was restored.");
            }
            var manifestPath = Path.Combine(work, ManifestEntry);
            if (!File.Exists(manifestPath))
            {
                throw new InvalidDataException($"{archive} is not a Foi backup: it has no {ManifestEntry}.");
            }
            var manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(manifestPath, cancellationToken), JsonOptions)
                ?? throw new InvalidDataException($"{archive}: {ManifestEntry} is empty.");
            if (manifest.Format != Format)
            {
                throw new InvalidDataException($"{archive} has backup format {manifest.Format}; this version reads format {Format}.");
            }
            if (!string.Equals(manifest.Provider, database.Provider.ToString(), StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{archive} is a {manifest.Provider} backup; this site runs on {database.Provider} (Database:Provider).");
            }
            foreach (var (entry, hash) in manifest.Files)
            {
                var path = Path.Combine(work, entry);
                if (!File.Exists(path) || await HashAsync(path, cancellationToken) != hash)
                {
                    throw new InvalidDataException($"{archive}: {entry} is missing or damaged; nothing was restored.");
                }
            }
            if (!replace && await HoldsASiteAsync(cancellationToken))
            {
                throw new InvalidOperationException("The database already holds a site; run with --replace to overwrite it with the backup.");
            }

            await RestoreDatabaseAsync(work, cancellationToken);
            foreach (var entry in manifest.Files.Keys.Where(e => e.StartsWith(DataPrefix, StringComparison.Ordinal)))
            {
                var target = Path.Combine(data.Path, entry[DataPrefix.Length..]);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(Path.Combine(work, entry), target, overwrite: true);
            }
            // The index describes the database that was there before: the site rebuilds it at start.
            var index = Path.Combine(data.Path, "search");
            if (Directory.Exists(index))
            {
                Directory.Delete(index, recursive: true);
            }
            return manifest;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private async Task<bool> HoldsASiteAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Anything written leaves a mark in the change feed (accounts, authorities, requests, mail); a database
            // only migrated, by `db migrate` or a first start, holds nothing worth keeping.
            return (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any()
                && await db.Set<Change>().AnyAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is SqliteException or NpgsqlException)
        {
            return false; // no database yet
        }
    }

    private async Task<(string Path, string Entry)> DumpDatabaseAsync(string work, CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var path = Path.Combine(work, "foi.db");
            await using var source = new SqliteConnection(db.Database.GetConnectionString());
            await source.OpenAsync(cancellationToken);
            await using var destination = new SqliteConnection($"Data Source={path};Pooling=False");
            await destination.OpenAsync(cancellationToken);
            source.BackupDatabase(destination); // SQLite's online backup: one consistent snapshot, writers go on
            return (path, SqliteEntry);
        }
        var dump = Path.Combine(work, "foi.pgdump");
        await RunPostgresToolAsync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", dump], cancellationToken);
        return (dump, PostgresEntry);
    }

    private async Task RestoreDatabaseAsync(string work, CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var connection = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
            await db.Database.CloseConnectionAsync();
            SqliteConnection.ClearAllPools();
            var target = Path.GetFullPath(connection.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            foreach (var stale in SqliteSideFiles.Select(suffix => target + suffix).Where(File.Exists))
            {
                File.Delete(stale);
            }
            File.Copy(Path.Combine(work, SqliteEntry), target, overwrite: true);
            return;
        }
        await CreatePostgresDatabaseIfMissingAsync(cancellationToken);
        await RunPostgresToolAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error", Path.Combine(work, PostgresEntry)], cancellationToken);
    }

    private async Task CreatePostgresDatabaseIfMissingAsync(CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var name = target.Database ?? throw new InvalidOperationException("Database:ConnectionString names no database.");
        var server = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Runs pg_dump or pg_restore against the configured database, its password passed in the environment, never on the command line.</summary>
    private async Task RunPostgresToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var start = new ProcessStartInfo(PostgresTool(tool), [.. arguments, "--dbname", connection.Database ?? ""])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["PGHOST"] = connection.Host;
        start.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = connection.Username;
        if (!string.IsNullOrEmpty(connection.Password))
        {
            start.Environment["PGPASSWORD"] = connection.Password;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} could not be started");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {(await error).Trim()}");
        }
    }

    /// <summary>The tool on the PATH, else the newest of Debian's PostgreSQL versions.</summary>
    private static string PostgresTool(string tool)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, tool)).FirstOrDefault(File.Exists);
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin", tool)).Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0).FirstOrDefault()
            : null;
        return onPath ?? debian ?? throw new InvalidOperationException($"{tool} is not installed: on Debian, apt-get install postgresql-client.");
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
