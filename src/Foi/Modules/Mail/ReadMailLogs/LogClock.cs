namespace Foi.Modules.Mail.ReadMailLogs;

/// <summary>
/// Turns a log line's local time into an instant. Classic syslog lines carry neither year nor zone: each is read in
/// the mail server's zone with that zone's rules for the line's own date (a July line is summer time, whenever it is
/// read), and its year is the one that puts it no later than the file's last write, so a <c>Dec 31 23:50</c> line in a
/// file rotated on 1 January belongs to the old year.
/// </summary>
internal sealed class LogClock(TimeZoneInfo zone, DateTime lastWriteUtc)
{
    /// <summary>A line may be stamped a little after the file's recorded write (clocks, buffering); more is last year.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromDays(1);

    private readonly DateTime lastWriteLocal = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(lastWriteUtc, DateTimeKind.Utc), zone);

    public TimeZoneInfo Zone => zone;

    /// <summary>The clock of a file: the configured zone, and the file's last write.</summary>
    public static LogClock Of(string path, TimeZoneInfo zone) => new(zone, File.GetLastWriteTimeUtc(path));

    /// <summary>A local time without a year (classic syslog).</summary>
    public DateTimeOffset? FromSyslog(int month, int day, TimeSpan timeOfDay)
    {
        foreach (var year in new[] { lastWriteLocal.Year, lastWriteLocal.Year - 1 })
        {
            if (day > DateTime.DaysInMonth(year, month))
            {
                continue; // 29 February of a year without one
            }
            var local = new DateTime(year, month, day).Add(timeOfDay);
            if (local <= lastWriteLocal + Slack)
            {
                return FromLocal(local);
            }
        }
        return null;
    }

    /// <summary>A local time with its date but no zone (Exim's default stamp).</summary>
    public DateTimeOffset FromLocal(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // The hour skipped when clocks go forward: no clock showed it, so the line was written just after.
            local = local.AddHours(1);
        }
        // In the hour repeated when clocks go back, the earlier (summer) reading is taken.
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
