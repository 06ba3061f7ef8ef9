using System.Text.RegularExpressions;
using MimeKit;

namespace Foi.Modules.Authorities;

/// <summary>Checks shared by the admin form and the CSV import, so both accept exactly the same data.</summary>
internal static partial class AuthorityRules
{
    public static bool IsEmail(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }
        var trimmed = value.Trim();
        return MailboxAddress.TryParse(trimmed, out var mailbox)
            && mailbox.Address == trimmed
            && SimpleAddress().IsMatch(trimmed);
    }

    public static bool IsWebAddress(string? value) =>
        Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    public static bool IsSlug(string? value) => value is not null && SlugPattern().IsMatch(value);

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s.]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SimpleAddress();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
