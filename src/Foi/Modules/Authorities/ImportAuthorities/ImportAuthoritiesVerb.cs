using System.CommandLine;
using System.Text;
using Foi.Common.Cli;

namespace Foi.Modules.Authorities.ImportAuthorities;

/// <summary><c>foi authorities import FILE [--dry-run]</c>: the CSV import of the admin page, from the command line.</summary>
internal static class ImportAuthoritiesVerb
{
    public static Command Build(CliContext cli)
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV file with the columns name, short_name, request_email, home_page, tags (and optionally notes)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Report what would change, write nothing" };
        var import = new Command("import", "Create or update authorities from a CSV file (matched by name); all or nothing") { file, dryRun };
        import.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists)
            {
                await cli.Error.WriteLineAsync($"{path.FullName}: no such file.");
                return 66; // EX_NOINPUT
            }
            await using var scope = cli.CreateScope();
            using var reader = new StreamReader(path.FullName, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var report = await scope.ServiceProvider.GetRequiredService<AuthorityCsvImport>().ImportAsync(reader, result.GetValue(dryRun), cancellationToken);
            foreach (var error in report.Errors)
            {
                await cli.Error.WriteLineAsync($"{path.Name}:{error.Line}: {error.Message}");
            }
            if (report.Errors.Count > 0)
            {
                await cli.Error.WriteLineAsync($"Nothing imported: {report.Errors.Count} problem(s).");
                return 65; // EX_DATAERR
            }
            foreach (var change in report.Changes.Where(c => c.Action != ImportAction.Unchanged))
            {
                var fields = change.ChangedFields.Count > 0 ? $" ({string.Join(", ", change.ChangedFields)})" : "";
                await cli.Output.WriteLineAsync($"{path.Name}:{change.Line}: {(change.Action == ImportAction.Create ? "create" : "update")} {change.Name}{fields}");
            }
            await cli.Output.WriteLineAsync(
                $"{(report.Written ? "Imported" : "Dry run, nothing written")}: {report.Count(ImportAction.Create)} created, {report.Count(ImportAction.Update)} updated, {report.Count(ImportAction.Unchanged)} unchanged.");
            return 0;
        });
        return import;
    }
}
