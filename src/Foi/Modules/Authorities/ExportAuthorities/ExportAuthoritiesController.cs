using System.Globalization;
using CsvHelper;
using Foi.Common.Data;
using Foi.Modules.Authorities.Domain;
using Foi.Modules.Authorities.ImportAuthorities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Authorities.ExportAuthorities;

/// <summary>
/// Every authority as CSV, in the import's columns, so an exported file imports back unchanged. Streamed: rows are
/// written as they are read, so memory does not grow with the number of authorities.
/// </summary>
internal sealed class ExportAuthoritiesController(FoiDbContext db) : Controller
{
    [HttpGet("authorities.csv")]
    public async Task Export(CancellationToken cancellationToken)
    {
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = "attachment; filename=\"authorities.csv\"";
        await using var writer = new StreamWriter(Response.Body, new System.Text.UTF8Encoding(false), 1 << 16);
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var column in AuthorityCsvImport.KnownColumns)
        {
            csv.WriteField(column);
        }
        await csv.NextRecordAsync();
        var rows = db.Set<Authority>().AsNoTracking().OrderBy(a => a.Name).ThenBy(a => a.Id)
            .Select(a => new { a.Name, a.ShortName, a.RequestEmail, a.HomePage, a.TagsText, a.Notes, a.Law }).AsAsyncEnumerable();
        await foreach (var a in rows.WithCancellation(cancellationToken))
        {
            // The order of AuthorityCsvImport.KnownColumns.
            csv.WriteField(a.Name);
            csv.WriteField(a.ShortName);
            csv.WriteField(a.RequestEmail ?? "");
            csv.WriteField(a.HomePage ?? "");
            csv.WriteField(a.TagsText.Trim());
            csv.WriteField(a.Notes ?? "");
            csv.WriteField(a.Law ?? "");
            await csv.NextRecordAsync();
        }
    }
}
