namespace Foi.Modules.Requests.Domain;

/// <summary>
/// A law that gives authorities a deadline: so many days (working or calendar) after the day a request is sent, and
/// a longer limit after which it is "long overdue". Sites list their laws in configuration (Requests:Laws); each
/// authority names the one it answers under.
/// </summary>
internal sealed class FoiLaw
{
    public static readonly FoiLaw Default = new() { Key = "foi", Name = "Freedom of Information", DueDays = 20, LongOverdueDays = 40, WorkingDays = true };

    public static readonly FoiLaw Environmental = new() { Key = "eir", Name = "Environmental information", DueDays = 20, LongOverdueDays = 40, WorkingDays = false };

    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public int DueDays { get; set; }
    public int LongOverdueDays { get; set; }

    /// <summary>True: weekends and public holidays do not count. False: calendar days.</summary>
    public bool WorkingDays { get; set; } = true;

    /// <summary>
    /// Days an authority has for an internal review from the day it is asked for: 20 working days under the UK
    /// regulator's guidance for FOI, 40 when it says the case is exceptional (then "long overdue").
    /// </summary>
    public int ReviewDueDays { get; set; } = 20;
    public int ReviewLongOverdueDays { get; set; } = 40;

    public DueDates ReviewFrom(DateOnly askedOn, WorkingDayCalendar calendar) => WorkingDays
        ? new DueDates(calendar.AddWorkingDays(askedOn, ReviewDueDays), calendar.AddWorkingDays(askedOn, ReviewLongOverdueDays), Key)
        : new DueDates(askedOn.AddDays(ReviewDueDays), askedOn.AddDays(ReviewLongOverdueDays), Key);

    public DueDates From(DateOnly sentOn, WorkingDayCalendar calendar) => WorkingDays
        ? new DueDates(calendar.AddWorkingDays(sentOn, DueDays), calendar.AddWorkingDays(sentOn, LongOverdueDays), Key)
        : new DueDates(sentOn.AddDays(DueDays), sentOn.AddDays(LongOverdueDays), Key);
}
