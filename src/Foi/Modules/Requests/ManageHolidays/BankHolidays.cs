extern alias HolidayRules;

using HolidayRules::PublicHoliday;

namespace Foi.Modules.Requests.ManageHolidays;

/// <summary>
/// The public holidays of the jurisdiction the site's laws apply in, computed by the PublicHoliday library (moving
/// feasts, weekend substitutes and one-off holidays as it keeps them), so a fresh site counts Christmas and Easter
/// without an admin typing them in. Admins add local ones at /admin/holidays.
/// </summary>
internal sealed class BankHolidays(Microsoft.Extensions.Options.IOptions<RequestsOptions> options)
{
    /// <summary>The jurisdictions known, by the name <c>Requests:Holidays</c> takes.</summary>
    public static readonly IReadOnlyDictionary<string, string> Jurisdictions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["england-and-wales"] = "England and Wales",
        ["scotland"] = "Scotland",
        ["northern-ireland"] = "Northern Ireland",
        ["none"] = "none (only the holidays admins add)",
    };

    public string Jurisdiction => options.Value.Holidays;

    public string JurisdictionName => Jurisdictions.TryGetValue(Jurisdiction, out var name) ? name : Jurisdiction;

    /// <summary>Each holiday in the years given, with its name.</summary>
    public IReadOnlyList<(DateOnly Date, string Name)> In(int fromYear, int toYear)
    {
        UKBankHoliday? calendar = Jurisdiction.ToLowerInvariant() switch
        {
            "england-and-wales" => new UKBankHoliday(UKBankHoliday.UkCountries.England),
            "scotland" => new UKBankHoliday(UKBankHoliday.UkCountries.Scotland),
            "northern-ireland" => new UKBankHoliday(UKBankHoliday.UkCountries.NorthernIreland),
            _ => null,
        };
        if (calendar is null)
        {
            return [];
        }
        return Enumerable.Range(fromYear, toYear - fromYear + 1)
            .SelectMany(year => calendar.PublicHolidayNames(year))
            .Select(h => (DateOnly.FromDateTime(h.Key), h.Value))
            .OrderBy(h => h.Item1)
            .ToList();
    }
}
