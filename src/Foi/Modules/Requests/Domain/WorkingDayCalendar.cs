namespace Foi.Modules.Requests.Domain;

/// <summary>
/// Counts working days: Monday to Friday, less the given public holidays. The day a request is sent is day zero,
/// so "20 working days" is the 20th working day after it.
/// </summary>
internal sealed class WorkingDayCalendar(IReadOnlySet<DateOnly> holidays)
{
    public static readonly WorkingDayCalendar WeekendsOnly = new(new HashSet<DateOnly>());

    public bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(day);

    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var day = start;
        for (var counted = 0; counted < workingDays;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }
        return day;
    }
}
