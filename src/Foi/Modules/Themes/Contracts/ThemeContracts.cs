namespace Foi.Modules.Themes.Contracts;

/// <summary>What pages need of the active theme: the site's name and look, and its short texts.</summary>
public interface ISiteTheme
{
    /// <summary>The site's name, e.g. shown in the header and in emails.</summary>
    string SiteName { get; }

    /// <summary>URL of the logo under <c>/theme/</c>, or null for a text-only header.</summary>
    string? LogoUrl { get; }

    /// <summary>Where the contact form's messages go.</summary>
    string ContactEmail { get; }

    /// <summary>Stylesheet URLs, the default theme's first and the active theme's last.</summary>
    IReadOnlyList<string> Stylesheets { get; }

    /// <summary>CSS custom properties from theme.json colours (<c>--brand: #123456;</c>...), empty if none.</summary>
    string ColorVariables { get; }

    /// <summary>
    /// The address of a file under <c>/theme/</c> with its content's fingerprint (<c>/theme/js/x.js?v=1a2b3c4d</c>):
    /// browsers keep it for a year, and a changed file gets a new address.
    /// </summary>
    string Asset(string path);

    /// <summary>A short text of the site in the current UI language, overridden by the theme chain, else <paramref name="fallback"/>.</summary>
    string Text(string key, string fallback);
}

/// <summary>Help page section ids the site's own pages link to; every theme must keep them.</summary>
public static class HelpLinks
{
    /// <summary>The link to one section of one help page.</summary>
    public static string To(string page, string? section = null) => section is null ? $"/help/{page}" : $"/help/{page}#{section}";
}
