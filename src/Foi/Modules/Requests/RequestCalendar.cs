using FluentValidation;
using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests;

/// <summary>Bound from <c>Requests</c>: the laws a site knows, the first being the default.</summary>
internal sealed class RequestsOptions
{
    public const string Section = "Requests";

    public List<FoiLaw> Laws { get; set; } = [];

    public IReadOnlyList<FoiLaw> EffectiveLaws => Laws.Count > 0 ? Laws : [FoiLaw.Default, FoiLaw.Environmental];

    /// <summary>Whose bank holidays count as non-working days besides the ones admins add: see <see cref="ManageHolidays.BankHolidays"/>.</summary>
    public string Holidays { get; set; } = "england-and-wales";

    /// <summary>The hour of the day (the site's zone) after which each follower's daily digest of alerts goes out.</summary>
    public int DigestHour { get; set; } = 7;

    /// <summary>How old the dump of all public requests may grow before the site writes it again; 0 leaves it to <c>foi requests dump</c>.</summary>
    public int DumpEveryHours { get; set; } = 24;
}

internal sealed class RequestsOptionsValidator : AbstractValidator<RequestsOptions>
{
    public RequestsOptionsValidator()
    {
        RuleFor(r => r.DigestHour).InclusiveBetween(0, 23).WithMessage("must be an hour from 0 to 23 (the site's time zone)");
        RuleFor(r => r.DumpEveryHours).GreaterThanOrEqualTo(0).WithMessage("must be a number of hours, or 0 to write the dump only with foi requests dump");
        RuleFor(r => r.Holidays)
            .Must(ManageHolidays.BankHolidays.Jurisdictions.ContainsKey)
            .WithMessage(r => $"'{r.Holidays}' is not allowed; it must be one of {string.Join(", ", ManageHolidays.BankHolidays.Jurisdictions.Keys)}");
        RuleForEach(r => r.Laws).ChildRules(law =>
        {
            law.RuleFor(l => l.Key).NotEmpty().Matches("^[a-z0-9-]+$").WithMessage("must be a short name of lowercase letters, digits and '-', such as foi");
            law.RuleFor(l => l.Name).NotEmpty().WithMessage("must name the law, such as Freedom of Information");
            law.RuleFor(l => l.DueDays).GreaterThan(0).WithMessage(Settings.PositiveWholeNumber);
            law.RuleFor(l => l.LongOverdueDays).GreaterThanOrEqualTo(l => l.DueDays).WithMessage("must be at least DueDays");
        });
        RuleFor(r => r.Laws).Must(laws => laws.Select(l => l.Key).Distinct().Count() == laws.Count).WithMessage("each law needs a Key of its own");
    }
}

/// <summary>The one place due dates come from: the authority's law, weekends and the admin-kept public holidays.</summary>
internal sealed class RequestCalendar(FoiDbContext db, Microsoft.Extensions.Options.IOptions<RequestsOptions> options, ManageHolidays.BankHolidays bankHolidays)
{
    public FoiLaw Law(string? key) =>
        options.Value.EffectiveLaws.FirstOrDefault(l => l.Key == key) ?? options.Value.EffectiveLaws[0];

    /// <summary>
    /// Weekends, the jurisdiction's bank holidays and the admins' own, for a count that starts on
    /// <paramref name="from"/> (no deadline reaches two years on).
    /// </summary>
    public async Task<WorkingDayCalendar> CalendarAsync(DateOnly from, CancellationToken cancellationToken)
    {
        var holidays = await db.Set<PublicHoliday>().Select(h => h.Date).ToHashSetAsync(cancellationToken);
        holidays.UnionWith(bankHolidays.In(from.Year, from.Year + 2).Select(h => h.Date));
        return new WorkingDayCalendar(holidays);
    }

    public async Task<DueDates> DueDatesAsync(string? lawKey, DateOnly sentOn, CancellationToken cancellationToken) =>
        Law(lawKey).From(sentOn, await CalendarAsync(sentOn, cancellationToken));

    public async Task<DueDates> ReviewDueDatesAsync(string? lawKey, DateOnly askedOn, CancellationToken cancellationToken) =>
        Law(lawKey).ReviewFrom(askedOn, await CalendarAsync(askedOn, cancellationToken));
}
