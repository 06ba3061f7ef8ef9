using Foi.Modules.Requests.Domain;

namespace Foi.Modules.Requests;

/// <summary>
/// The one place due dates come from. Today every authority answers within working days that exclude weekends;
/// public holidays and per-authority laws plug in here.
/// </summary>
internal static class RequestCalendar
{
    public static WorkingDayCalendar ForAuthority(int authorityId) => WorkingDayCalendar.WeekendsOnly;
}
