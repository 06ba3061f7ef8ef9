using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests;

/// <summary>Bound from <c>Requests</c>: the laws a site knows, the first being the default.</summary>
internal sealed class RequestsOptions
{
    public const string Section = "Requests";

    public List<FoiLaw> Laws { get; set; } = [];

    public IReadOnlyList<FoiLaw> EffectiveLaws => Laws.Count > 0 ? Laws : [FoiLaw.Default, FoiLaw.Environmental];
}

/// <summary>The one place due dates come from: the authority's law, weekends and the admin-kept public holidays.</summary>
internal sealed class RequestCalendar(FoiDbContext db, Microsoft.Extensions.Options.IOptions<RequestsOptions> options)
{
    public FoiLaw Law(string? key) =>
        options.Value.EffectiveLaws.FirstOrDefault(l => l.Key == key) ?? options.Value.EffectiveLaws[0];

    public async Task<WorkingDayCalendar> CalendarAsync(CancellationToken cancellationToken) =>
        new(await db.Set<PublicHoliday>().Select(h => h.Date).ToHashSetAsync(cancellationToken));

    public async Task<DueDates> DueDatesAsync(string? lawKey, DateOnly sentOn, CancellationToken cancellationToken) =>
        Law(lawKey).From(sentOn, await CalendarAsync(cancellationToken));
}
