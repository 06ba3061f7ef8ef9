using Foi.Modules.Requests.Domain;
using Shouldly;

namespace Foi.Tests.Unit;

internal sealed class WorkingDayCalendarTests
{
    // Hand-checked against a printed calendar: sent on the first date, the 20th working day after it is the second.
    [TestCase("2026-11-02", 20, "2026-11-30", TestName = "Sent on a Monday: four weeks later")]
    [TestCase("2026-11-06", 20, "2026-12-04", TestName = "Sent on a Friday: the Friday four weeks later")]
    [TestCase("2026-11-07", 20, "2026-12-04", TestName = "Sent on a Saturday: counting starts on Monday")]
    [TestCase("2026-11-08", 20, "2026-12-04", TestName = "Sent on a Sunday: counting starts on Monday")]
    [TestCase("2026-12-14", 20, "2027-01-11", TestName = "Across the year end, weekends only")]
    [TestCase("2028-02-10", 20, "2028-03-09", TestName = "Across 29 February in a leap year")]
    [TestCase("2026-11-25", 0, "2026-11-25", TestName = "Zero working days is the same day")]
    [TestCase("2026-11-27", 1, "2026-11-30", TestName = "One working day after a Friday is Monday")]
    public void Working_days_skip_weekends(string sent, int days, string expected) =>
        WorkingDayCalendar.WeekendsOnly.AddWorkingDays(DateOnly.Parse(sent, System.Globalization.CultureInfo.InvariantCulture), days)
            .ShouldBe(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Test]
    public void Holidays_are_skipped_like_weekends()
    {
        var christmas = new WorkingDayCalendar(new HashSet<DateOnly> { new(2026, 12, 25), new(2026, 12, 28), new(2027, 1, 1) });
        christmas.AddWorkingDays(new DateOnly(2026, 12, 24), 1).ShouldBe(new DateOnly(2026, 12, 29));
        christmas.AddWorkingDays(new DateOnly(2026, 12, 14), 20).ShouldBe(new DateOnly(2027, 1, 14));
    }

    [Test]
    public void Negative_days_are_refused() =>
        Should.Throw<ArgumentOutOfRangeException>(() => WorkingDayCalendar.WeekendsOnly.AddWorkingDays(new DateOnly(2026, 1, 1), -1));
}
