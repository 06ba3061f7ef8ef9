using Foi.Modules.Mail.ReadMailLogs;
using Shouldly;

namespace Foi.Tests.Unit;

internal sealed class LogClockTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Test]
    public void A_date_after_the_file_s_last_write_is_last_year_s()
    {
        var clock = new LogClock(London, new DateTime(2027, 1, 1, 0, 5, 0, DateTimeKind.Utc));
        clock.FromSyslog(12, 31, new TimeSpan(23, 50, 0)).ShouldBe(new DateTimeOffset(2026, 12, 31, 23, 50, 0, TimeSpan.Zero));
        clock.FromSyslog(1, 1, new TimeSpan(0, 1, 0)).ShouldBe(new DateTimeOffset(2027, 1, 1, 0, 1, 0, TimeSpan.Zero));
    }

    [Test]
    public void Each_line_takes_the_offset_of_its_own_date()
    {
        var clock = new LogClock(London, new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc));
        clock.FromSyslog(7, 15, new TimeSpan(10, 0, 0))!.Value.Offset.ShouldBe(TimeSpan.FromHours(1));
        clock.FromSyslog(11, 15, new TimeSpan(10, 0, 0))!.Value.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Test]
    public void The_hours_clocks_skip_and_repeat_still_give_one_instant()
    {
        var clock = new LogClock(London, new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc));
        // 29 March 2026: 01:30 does not exist in London; 25 October 2026: 01:30 happens twice.
        clock.FromSyslog(3, 29, new TimeSpan(1, 30, 0)).ShouldBe(new DateTimeOffset(2026, 3, 29, 2, 30, 0, TimeSpan.FromHours(1)));
        clock.FromSyslog(10, 25, new TimeSpan(1, 30, 0)).ShouldBe(new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.FromHours(1)));
    }

    [Test]
    public void The_29th_of_february_goes_to_the_last_year_that_had_one()
    {
        var clock = new LogClock(TimeZoneInfo.Utc, new DateTime(2029, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        clock.FromSyslog(2, 29, TimeSpan.Zero).ShouldBe(new DateTimeOffset(2028, 2, 29, 0, 0, 0, TimeSpan.Zero));
    }
}
