using Ical.Net;

namespace Foi.Modules.Requests.ManageHolidays;

/// <summary>Reads public holidays from an iCalendar file (the format government holiday feeds publish), with Ical.Net.</summary>
internal static class HolidayCalendarImport
{
    /// <summary>Every day covered by the file's events, with the event's summary; multi-day events give one entry a day.</summary>
    public static IReadOnlyList<(DateOnly Date, string Name)> Read(string icalText)
    {
        var calendar = Calendar.Load(icalText) ?? throw new FormatException("not an iCalendar file");
        var days = new List<(DateOnly, string)>();
        foreach (var holiday in calendar.Events)
        {
            if (holiday.DtStart is null)
            {
                continue;
            }
            var first = holiday.DtStart.Date;
            // DTEND of an all-day event is exclusive; without it the event is one day.
            var end = holiday.DtEnd?.Date ?? first.AddDays(1);
            for (var day = first; day < end && day < first.AddDays(31); day = day.AddDays(1))
            {
                days.Add((day, string.IsNullOrWhiteSpace(holiday.Summary) ? "Public holiday" : holiday.Summary.Trim()));
            }
        }
        return days;
    }
}
