using System.Text.Json;
using System.Text.RegularExpressions;
using Foi.Modules.Themes.Domain;
using Foi.Modules.Themes.ShowHelpPage;

namespace Foi.Modules.Themes.CheckTheme;

/// <summary>
/// Tells a theme author what their theme (with its parents resolved) lacks or breaks: required help pages per locale,
/// required section ids, internal links, static files, theme.json, front matter, parents, and view overrides that
/// override nothing.
/// </summary>
internal sealed partial class ThemeChecker(string root, IReadOnlySet<string> siteViews)
{
    public IReadOnlyList<ThemeProblem> Check(string name)
    {
        ThemeChain chain;
        try
        {
            chain = ThemeChain.Load(root, name);
        }
        catch (ThemeException exception)
        {
            return [exception.Problem];
        }

        var problems = new List<ThemeProblem>();
        var help = new HelpLibrary(chain);
        var pages = new List<HelpPage>();
        foreach (var (locale, index) in chain.Locales.Select((l, i) => (l, i)))
        {
            foreach (var (page, ids) in HelpLibrary.Required)
            {
                var found = FindForLocale(chain, help, page, locale, primary: index == 0);
                if (found is null)
                {
                    var expected = index == 0 ? $"{page}.md" : $"{page}.{locale}.md";
                    problems.Add(new ThemeProblem(Path.Combine(chain.Active.HelpDirectory, expected), 0,
                        $"missing required help page '{page}' for locale '{locale}'"));
                    continue;
                }
                pages.Add(found);
                foreach (var id in ids.Where(id => !found.Ids.Contains(id)))
                {
                    problems.Add(new ThemeProblem(found.File, 0,
                        $"missing required section id '{id}' (the site links to /help/{page}#{id}; give a heading {{#{id}}} or an element id=\"{id}\")"));
                }
            }
        }

        // Extra pages a theme adds are checked too.
        foreach (var theme in chain.Themes.Where(t => Directory.Exists(t.HelpDirectory)))
        {
            foreach (var file in Directory.GetFiles(theme.HelpDirectory, "*.md"))
            {
                var page = help.Load(file, Path.GetFileName(file).Split('.')[0]);
                if (!pages.Any(p => p.File == page.File))
                {
                    pages.Add(page);
                }
            }
        }

        foreach (var page in pages.DistinctBy(p => p.File))
        {
            problems.AddRange(page.Problems);
            problems.AddRange(CheckLinks(chain, help, page));
        }
        problems.AddRange(CheckManifests(chain));
        problems.AddRange(CheckViews(chain));
        problems.AddRange(CheckStrings(chain));
        return problems.DistinctBy(p => p.ToString()).ToList();
    }

    private static HelpPage? FindForLocale(ThemeChain chain, HelpLibrary help, string page, string locale, bool primary)
    {
        foreach (var theme in chain.Themes)
        {
            var candidates = primary ? new[] { $"{page}.{locale}.md", $"{page}.md" } : [$"{page}.{locale}.md"];
            foreach (var file in candidates.Select(c => Path.Combine(theme.HelpDirectory, c)).Where(File.Exists))
            {
                return help.Load(file, page);
            }
        }
        return null;
    }

    private static IEnumerable<ThemeProblem> CheckLinks(ThemeChain chain, HelpLibrary help, HelpPage page)
    {
        foreach (Match match in LinkAttribute().Matches(page.Html))
        {
            var target = System.Net.WebUtility.HtmlDecode(match.Groups[2].Value);
            var line = ThemeChain.LineOf(page.File, target);
            if (target.StartsWith('#'))
            {
                if (!page.Ids.Contains(target[1..]))
                {
                    yield return new ThemeProblem(page.File, line, $"link to '{target}': no element on this page has id \"{target[1..]}\"");
                }
            }
            else if (target.StartsWith("/help/", StringComparison.Ordinal))
            {
                var parts = target["/help/".Length..].Split('#', 2);
                var linked = parts[0] == "" ? null : help.Find(parts[0].TrimEnd('/'), chain.Locales[0]);
                if (linked is null)
                {
                    yield return new ThemeProblem(page.File, line, $"link to '{target}': there is no help page '{parts[0]}'");
                }
                else if (parts.Length == 2 && !linked.Ids.Contains(parts[1]))
                {
                    yield return new ThemeProblem(page.File, line, $"link to '{target}': help page '{parts[0]}' has no section id \"{parts[1]}\"");
                }
            }
            else if (target.StartsWith("/theme/", StringComparison.Ordinal) && !StaticFileExists(chain, target))
            {
                yield return new ThemeProblem(page.File, line, $"'{target}' is not a file in the wwwroot/ of this theme or its parents");
            }
        }
    }

    private static IEnumerable<ThemeProblem> CheckManifests(ThemeChain chain)
    {
        foreach (var theme in chain.Themes)
        {
            var manifest = theme.Manifest;
            if (manifest.Site?.Logo is { } logo && !StaticFileExists(chain, "/theme/" + logo.TrimStart('/')))
            {
                yield return new ThemeProblem(theme.ManifestPath, ThemeChain.LineOf(theme.ManifestPath, "\"logo\""),
                    $"logo '{logo}' is not a file in the wwwroot/ of this theme or its parents");
            }
            foreach (var sheet in manifest.Stylesheets ?? [])
            {
                if (!StaticFileExists(chain, "/theme/" + sheet.TrimStart('/')))
                {
                    yield return new ThemeProblem(theme.ManifestPath, ThemeChain.LineOf(theme.ManifestPath, sheet),
                        $"stylesheet '{sheet}' is not a file in the wwwroot/ of this theme or its parents");
                }
            }
            if (manifest.Site?.ContactEmail is { } email && !email.Contains('@', StringComparison.Ordinal))
            {
                yield return new ThemeProblem(theme.ManifestPath, ThemeChain.LineOf(theme.ManifestPath, "\"contactEmail\""),
                    $"contactEmail '{email}' is not an email address");
            }
            foreach (var locale in manifest.Locales ?? [])
            {
                if (!LocaleCode().IsMatch(locale))
                {
                    yield return new ThemeProblem(theme.ManifestPath, ThemeChain.LineOf(theme.ManifestPath, "\"locales\""),
                        $"locale '{locale}' is not a language code such as 'en' or 'cy'");
                }
            }
        }
    }

    private IEnumerable<ThemeProblem> CheckViews(ThemeChain chain)
    {
        foreach (var theme in chain.Themes.Where(t => Directory.Exists(t.ViewsDirectory)))
        {
            foreach (var file in Directory.GetFiles(theme.ViewsDirectory, "*.cshtml", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(theme.ViewsDirectory, file);
                if (Path.GetFileName(file) is "_ViewImports.cshtml" or "_ViewStart.cshtml")
                {
                    continue;
                }
                var sitePath = ThemeViewLocationExpander.SitePathOf(relative);
                if (!siteViews.Contains(sitePath))
                {
                    yield return new ThemeProblem(file, 0, $"overrides no view of the site: there is no {sitePath} (check the module, slice and view names)");
                }
                var text = File.ReadAllText(file);
                foreach (Match match in LinkAttribute().Matches(text))
                {
                    var target = match.Groups[2].Value;
                    if (target.StartsWith("/theme/", StringComparison.Ordinal) && !StaticFileExists(chain, target))
                    {
                        yield return new ThemeProblem(file, ThemeChain.LineOf(file, target), $"'{target}' is not a file in the wwwroot/ of this theme or its parents");
                    }
                }
            }
        }
    }

    private static IEnumerable<ThemeProblem> CheckStrings(ThemeChain chain)
    {
        foreach (var theme in chain.Themes.Where(t => Directory.Exists(t.StringsDirectory)))
        {
            foreach (var file in Directory.GetFiles(theme.StringsDirectory, "*.json"))
            {
                ThemeProblem? problem = null;
                try
                {
                    JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file), ThemeManifest.JsonOptions);
                }
                catch (JsonException exception)
                {
                    problem = new ThemeProblem(file, (int)(exception.LineNumber ?? -1) + 1, $"not a JSON object of texts: {exception.Message.Split(" Path:")[0]}");
                }
                if (problem is not null)
                {
                    yield return problem;
                }
            }
        }
    }

    private static bool StaticFileExists(ThemeChain chain, string url)
    {
        var path = url["/theme/".Length..].Split('?', '#')[0];
        return chain.Themes.Any(t => File.Exists(Path.Combine(t.StaticDirectory, path)));
    }

    [GeneratedRegex("(href|src)=\"([^\"]+)\"")]
    private static partial Regex LinkAttribute();

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z]{2,4})?$")]
    private static partial Regex LocaleCode();
}
