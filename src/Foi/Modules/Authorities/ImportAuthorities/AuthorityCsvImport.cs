using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Foi.Common.Data;
using Foi.Modules.Authorities.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Authorities.ImportAuthorities;

internal enum ImportAction
{
    Create,
    Update,
    Unchanged,
}

internal sealed record ImportChange(int Line, ImportAction Action, string Name, IReadOnlyList<string> ChangedFields);

internal sealed record ImportError(int Line, string Message);

internal sealed record ImportReport(IReadOnlyList<ImportChange> Changes, IReadOnlyList<ImportError> Errors, bool Written)
{
    public int Count(ImportAction action) => Changes.Count(c => c.Action == action);
}

/// <summary>
/// Imports authorities from CSV (name, short_name, request_email, home_page, tags, and optionally notes).
/// Rows are matched to existing authorities by name. The file is all or nothing: one bad row and nothing is written.
/// </summary>
internal sealed class AuthorityCsvImport(FoiDbContext db, TimeProvider time)
{
    public static readonly IReadOnlyList<string> KnownColumns = ["name", "short_name", "request_email", "home_page", "tags", "notes", "law"];

    public async Task<ImportReport> ImportAsync(TextReader csvText, bool dryRun, CancellationToken cancellationToken)
    {
        var errors = new List<ImportError>();
        // Rows that could not be read are reported with the rows that could, and their problems, all at once.
        var rows = ReadRows(csvText, errors);

        var existing = await db.Set<Authority>().ToListAsync(cancellationToken);
        var byName = existing.ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        var seenNames = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var slugsTaken = new HashSet<string>(StringComparer.Ordinal);
        var plan = new List<(CsvRow Row, Authority? Match, string Slug)>();

        foreach (var row in rows)
        {
            var rowErrors = Validate(row);
            if (seenNames.TryGetValue(row.Name, out var firstLine))
            {
                rowErrors.Add($"duplicate: \"{row.Name}\" is already on line {firstLine}");
            }
            else if (row.Name.Length > 0)
            {
                seenNames[row.Name] = row.Line;
            }
            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors.Select(e => new ImportError(row.Line, e)));
                continue;
            }
            var match = byName.GetValueOrDefault(row.Name);
            var slug = match?.Slug ?? await AuthoritySlugs.UniqueSlugAsync(db, row.Name, null, slugsTaken, cancellationToken);
            slugsTaken.Add(slug);
            plan.Add((row, match, slug));
        }
        if (errors.Count > 0)
        {
            return new ImportReport([], [.. errors.OrderBy(e => e.Line)], Written: false);
        }

        var now = time.GetUtcNow();
        var changes = new List<ImportChange>();
        foreach (var (row, match, slug) in plan)
        {
            if (match is null)
            {
                if (!dryRun)
                {
                    db.Add(Authority.Create(row.Details, slug, now));
                }
                changes.Add(new ImportChange(row.Line, ImportAction.Create, row.Name, []));
                continue;
            }
            var changed = dryRun ? match.Diff(row.Details, slug) : match.Update(row.Details, slug, now);
            changes.Add(new ImportChange(row.Line, changed.Count == 0 ? ImportAction.Unchanged : ImportAction.Update, row.Name, changed));
        }
        if (!dryRun)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        return new ImportReport(changes, [], Written: !dryRun);
    }

    private sealed record CsvRow(int Line, string Name, AuthorityDetails Details);

    private static List<CsvRow> ReadRows(TextReader text, List<ImportError> errors)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
            // A stray or unclosed quote would merge the rows after it into one authority: say where it is instead.
            BadDataFound = args => errors.Add(new ImportError(args.Context.Parser?.RawRow ?? 0,
                "a quote is not closed, or stands inside a field: put fields with quotes or commas in double quotes, and double the quotes inside")),
            MissingFieldFound = null,
            DetectDelimiter = false,
            TrimOptions = TrimOptions.Trim,
        };
        using var csv = new CsvReader(text, configuration);
        var rows = new List<CsvRow>();
        try
        {
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is null)
            {
                errors.Add(new ImportError(1, "the file is empty: the first line must name the columns"));
                return rows;
            }
            var header = csv.HeaderRecord.Select(h => h.Trim().ToLowerInvariant()).ToList();
            if (!header.Contains("name"))
            {
                errors.Add(new ImportError(1, $"there is no \"name\" column; the columns are {string.Join(", ", KnownColumns)}"));
            }
            foreach (var unknown in header.Where(h => !KnownColumns.Contains(h)))
            {
                errors.Add(new ImportError(1, $"unknown column \"{unknown}\"; the columns are {string.Join(", ", KnownColumns)}"));
            }
            if (errors.Count > 0)
            {
                return rows;
            }
            var rowStart = csv.Parser.RawRow + 1;
            while (csv.Read())
            {
                var line = rowStart;
                rowStart = csv.Parser.RawRow + 1;
                if (csv.Parser.Count != header.Count && !(csv.Parser.Record?.All(string.IsNullOrWhiteSpace) ?? true))
                {
                    errors.Add(new ImportError(line, $"{csv.Parser.Count} field(s) where the first line names {header.Count}"));
                    continue;
                }
                if (csv.Parser.Record?.Any(f => f.Contains('\0', StringComparison.Ordinal)) == true)
                {
                    errors.Add(new ImportError(line, "a field holds a NUL character"));
                    continue;
                }
                string? Field(string column) => header.Contains(column) ? csv.GetField(column) : null;
                var name = (Field("name") ?? "").Trim();
                if (csv.Parser.Record is { } record && record.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }
                rows.Add(new CsvRow(line, name, new AuthorityDetails(
                    name, Field("short_name"), Field("request_email"), Field("home_page"), Field("notes"), Authority.ParseTags(Field("tags")), Field("law"))));
            }
        }
        catch (CsvHelperException exception)
        {
            errors.Add(new ImportError(csv.Parser.RawRow, $"the CSV cannot be read here: {exception.Message.Split('\n')[0]}"));
        }
        return rows;
    }

    private static List<string> Validate(CsvRow row)
    {
        var problems = new List<string>();
        if (row.Name.Length == 0)
        {
            problems.Add("missing name");
        }
        else if (row.Name.Length > 255)
        {
            problems.Add("name longer than 255 characters");
        }
        // The columns' sizes, checked here so that a dry run finds what the import would fail on.
        foreach (var (column, value, max) in new (string, string?, int)[]
        {
            ("short_name", row.Details.ShortName, 100), ("request_email", row.Details.RequestEmail, 320), ("home_page", row.Details.HomePage, 500),
            ("notes", row.Details.Notes, 4000), ("tags", string.Join(' ', row.Details.Tags), 1000), ("law", row.Details.Law, 20),
        })
        {
            if (value?.Length > max)
            {
                problems.Add($"{column} longer than {max} characters");
            }
        }
        if (!string.IsNullOrWhiteSpace(row.Details.RequestEmail) && !AuthorityRules.IsEmail(row.Details.RequestEmail))
        {
            problems.Add($"invalid request_email \"{row.Details.RequestEmail}\"");
        }
        if (!string.IsNullOrWhiteSpace(row.Details.HomePage) && !AuthorityRules.IsWebAddress(row.Details.HomePage))
        {
            problems.Add($"invalid home_page \"{row.Details.HomePage}\" (it must start with http:// or https://)");
        }
        return problems;
    }
}
