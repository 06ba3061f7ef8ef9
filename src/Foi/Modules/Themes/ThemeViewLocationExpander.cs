using Microsoft.AspNetCore.Mvc.Razor;

namespace Foi.Modules.Themes;

/// <summary>
/// Puts the theme chain in front of every view location: <c>/Modules/Requests/ShowHomePage/Index.cshtml</c> is first
/// looked for as <c>/Themes/&lt;theme&gt;/Views/Requests/ShowHomePage/Index.cshtml</c> for each theme of the chain, and
/// shared views (<c>/Common/Web/Views/_Layout.cshtml</c>) as <c>/Themes/&lt;theme&gt;/Views/Shared/_Layout.cshtml</c>.
/// </summary>
internal sealed class ThemeViewLocationExpander(IReadOnlyList<string> themeNames) : IViewLocationExpander
{
    public const string ModulesPrefix = "/Modules/";
    public const string SharedPrefix = "/Common/Web/Views/";

    public void PopulateValues(ViewLocationExpanderContext context)
    {
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations)
    {
        var locations = viewLocations.ToList();
        foreach (var theme in themeNames)
        {
            foreach (var location in locations)
            {
                if (ThemePathOf(theme, location) is { } themed)
                {
                    yield return themed;
                }
            }
        }
        foreach (var location in locations)
        {
            yield return location;
        }
    }

    /// <summary>The path a theme overrides a site view with, or null when the view cannot be overridden.</summary>
    public static string? ThemePathOf(string theme, string sitePath) =>
        sitePath.StartsWith(ModulesPrefix, StringComparison.Ordinal) ? $"/Themes/{theme}/Views/{sitePath[ModulesPrefix.Length..]}"
        : sitePath.StartsWith(SharedPrefix, StringComparison.Ordinal) ? $"/Themes/{theme}/Views/Shared/{sitePath[SharedPrefix.Length..]}"
        : null;

    /// <summary>The site view that a theme's view file (path relative to the theme's Views folder) overrides.</summary>
    public static string SitePathOf(string relativeToViews)
    {
        var path = relativeToViews.Replace('\\', '/').TrimStart('/');
        return path.StartsWith("Shared/", StringComparison.Ordinal) ? SharedPrefix + path["Shared/".Length..] : ModulesPrefix + path;
    }
}
