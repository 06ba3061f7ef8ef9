using FluentValidation;

namespace Foi.Common.Site;

/// <summary>Site-wide settings, bound from the <c>Site</c> configuration section.</summary>
internal sealed class SiteOptions
{
    public const string Section = "Site";

    /// <summary>Overrides the theme's site name when set.</summary>
    public string Name { get; set; } = "";

    /// <summary>What links in emails start with when <see cref="BaseUrl"/> is unset and no server listens (a verb).</summary>
    public const string FallbackBaseUrl = "http://localhost:5000";

    /// <summary>
    /// Public base URL used in links that leave the site (emails). When unset, the address the site listens on (see
    /// <see cref="SiteAddress"/>): right for trying it on one machine, never for a public site.
    /// </summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>True when <see cref="BaseUrl"/> was not configured but guessed.</summary>
    public bool BaseUrlGuessed { get; private set; }

    public void GuessBaseUrl(string url)
    {
        BaseUrl = url;
        BaseUrlGuessed = true;
    }

    /// <summary>Where the SQLite database, keys and the mail pickup folder live; relative to the content root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>IANA zone in which due dates and "today" are reckoned.</summary>
    public string TimeZone { get; set; } = "Europe/London";

    /// <summary>Seeds fictional authorities into an empty database, so a newcomer can try the whole flow.</summary>
    public bool SeedDemoData { get; set; }

    /// <summary>
    /// Starts the names of the site's cookies. Browsers share cookies between sites on one host (other ports, other
    /// paths), so the default is made from the base URL: two Foi sites on one domain never read each other's cookies.
    /// </summary>
    public string CookiePrefix { get; set; } = "";

    public bool IsHttps => BaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    public string CookieName(string purpose)
    {
        var prefix = CookiePrefix.Length > 0
            ? CookiePrefix
            : "foi-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(BaseUrl.TrimEnd('/').ToLowerInvariant())))[..8];
        return $"{prefix}.{purpose}";
    }

    public string ResolveDataDirectory(string contentRoot) =>
        Path.GetFullPath(Path.IsPathRooted(DataDirectory) ? DataDirectory : Path.Combine(contentRoot, DataDirectory));

    public TimeZoneInfo ResolveTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

internal sealed class SiteOptionsValidator : AbstractValidator<SiteOptions>
{
    public SiteOptionsValidator()
    {
        RuleFor(s => s.BaseUrl)
            .Must(url => url.Length == 0 || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            .WithMessage(s => $"'{s.BaseUrl}' is not allowed; it must be the site's public address, such as https://foi.example.org");
        RuleFor(s => s.DataDirectory).NotEmpty().WithMessage("must be a folder the site can write to");
        RuleFor(s => s.TimeZone)
            .Must(zone => TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            .WithMessage(s => $"'{s.TimeZone}' is not a time zone this machine knows; use an IANA name such as Europe/London or America/New_York");
        RuleFor(s => s.CookiePrefix)
            .Matches("^[A-Za-z0-9_-]*$")
            .WithMessage(s => $"'{s.CookiePrefix}' is not allowed; use letters, digits, '-' and '_' only");
    }
}
