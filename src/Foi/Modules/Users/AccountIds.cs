using System.Globalization;

namespace Foi.Modules.Users;

/// <summary>Account ids as links and forms carry them: anything that is not a plain positive number is no account.</summary>
internal static class AccountIds
{
    public static string? Parse(string? text) =>
        text is { Length: > 0 and <= 10 } && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id.ToString(CultureInfo.InvariantCulture)
            : null;
}
