using System.Globalization;
using System.Security.Claims;

namespace Foi.Common.Web;

internal static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in account's id, or null for a visitor.</summary>
    public static int? AccountId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
