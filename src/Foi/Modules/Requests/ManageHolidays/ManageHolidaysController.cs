using System.Globalization;
using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.ManageHolidays;

internal sealed record HolidaysPage(IReadOnlyList<(DateOnly Date, string Name)> Holidays, string? Error)
{
    /// <summary>The jurisdiction's bank holidays, counted without being kept here.</summary>
    public string Jurisdiction { get; init; } = "";
    public IReadOnlyList<(DateOnly Date, string Name)> BankHolidays { get; init; } = [];
}

/// <summary>Admins keep the public holidays that due dates skip: one at a time, or from an iCalendar file.</summary>
[Route("admin/holidays")]
internal sealed class ManageHolidaysController(FoiDbContext db, BankHolidays bankHolidays, TimeProvider time) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View(await PageAsync(null, cancellationToken));

    [HttpPost("")]
    public async Task<IActionResult> Add(string? date, string? name, CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return View("Index", await PageAsync("Give the date as YYYY-MM-DD, e.g. 2026-12-25.", cancellationToken));
        }
        await UpsertAsync([(day, string.IsNullOrWhiteSpace(name) ? "Public holiday" : name.Trim())], cancellationToken);
        TempData["Notice"] = $"Added {day:d MMMM yyyy}.";
        return Redirect("/admin/holidays");
    }

    [HttpPost("{date}/delete")]
    public async Task<IActionResult> Delete(string date, CancellationToken cancellationToken)
    {
        if (DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            && await db.Set<PublicHoliday>().FindAsync([day], cancellationToken) is { } holiday)
        {
            db.Remove(holiday);
            await db.SaveChangesAsync(cancellationToken);
        }
        return Redirect("/admin/holidays");
    }

    [HttpPost("import")]
    public async Task<IActionResult> Import(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length is 0 or > 2_000_000)
        {
            return View("Index", await PageAsync("Choose an iCalendar (.ics) file of at most 2 MB.", cancellationToken));
        }
        IReadOnlyList<(DateOnly, string)> days;
        try
        {
            using var reader = new StreamReader(file.OpenReadStream());
            days = HolidayCalendarImport.Read(await reader.ReadToEndAsync(cancellationToken));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Whatever the calendar library makes of a broken file, the admin gets a message, not an error page.
            return View("Index", await PageAsync($"That file could not be read as iCalendar: {exception.Message}", cancellationToken));
        }
        var added = await UpsertAsync(days, cancellationToken);
        TempData["Notice"] = $"Read {days.Count} day(s) from the file: {added} added, {days.Count - added} already known.";
        return Redirect("/admin/holidays");
    }

    private async Task<int> UpsertAsync(IReadOnlyList<(DateOnly Date, string Name)> days, CancellationToken cancellationToken)
    {
        var dates = days.Select(d => d.Date).ToList();
        var existing = await db.Set<PublicHoliday>().Where(h => dates.Contains(h.Date)).ToDictionaryAsync(h => h.Date, cancellationToken);
        var added = 0;
        foreach (var (date, name) in days.DistinctBy(d => d.Date))
        {
            if (existing.TryGetValue(date, out var holiday))
            {
                holiday.Rename(name);
            }
            else
            {
                db.Add(PublicHoliday.On(date, name));
                added++;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return added;
    }

    private async Task<HolidaysPage> PageAsync(string? error, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var holidays = await db.Set<PublicHoliday>().OrderBy(h => h.Date).Select(h => new { h.Date, h.Name }).ToListAsync(cancellationToken);
        return new(holidays.Select(h => (h.Date, h.Name)).ToList(), error)
        {
            Jurisdiction = bankHolidays.JurisdictionName,
            BankHolidays = bankHolidays.In(today.Year, today.Year + 1).Where(h => h.Date >= today).ToList(),
        };
    }
}
