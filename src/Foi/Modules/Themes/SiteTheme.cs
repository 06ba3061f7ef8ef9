using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Foi.Common.Site;
using Foi.Modules.Themes.Contracts;
using Foi.Modules.Themes.Domain;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Themes;

internal sealed class SiteTheme(ThemeChain chain, IOptions<SiteOptions> site) : ISiteTheme
{
    private readonly ConcurrentDictionary<string, (DateTime Stamp, IReadOnlyDictionary<string, string> Texts)> strings = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, (DateTime Stamp, string? Hash)> fingerprints = new(StringComparer.Ordinal);

    public ThemeChain Chain { get; } = chain;

    public string SiteName =>
        !string.IsNullOrWhiteSpace(site.Value.Name) ? site.Value.Name : Chain.First(m => m.Site?.Name) ?? "Foi";

    public string? LogoUrl => Chain.First(m => m.Site?.Logo) is { } logo ? Asset(logo) : null;

    public string ContactEmail => Chain.First(m => m.Site?.ContactEmail) ?? "contact@foi.localhost";

    public IReadOnlyList<string> Stylesheets =>
        Chain.Themes.Reverse().SelectMany(t => t.Manifest.Stylesheets ?? []).Distinct(StringComparer.Ordinal)
            .Select(Asset).ToList();

    public string Asset(string path)
    {
        path = path.TrimStart('/');
        // The active theme's file wins over the default theme's, as the static files middleware serves them.
        var file = Chain.Themes.Select(t => new FileInfo(Path.Combine(t.StaticDirectory, path))).FirstOrDefault(f => f.Exists);
        if (file is null)
        {
            return "/theme/" + path;
        }
        var (stamp, hash) = fingerprints.GetValueOrDefault(file.FullName);
        if (stamp != file.LastWriteTimeUtc || hash is null)
        {
            hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file.FullName)))[..12];
            fingerprints[file.FullName] = (file.LastWriteTimeUtc, hash);
        }
        return $"/theme/{path}?v={hash}";
    }

    public string ColorVariables
    {
        get
        {
            var merged = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var theme in Chain.Themes.Reverse())
            {
                foreach (var (name, value) in theme.Manifest.Colors ?? [])
                {
                    merged[name] = value;
                }
            }
            var css = new StringBuilder();
            foreach (var (name, value) in merged.Where(c => IsSafeCss(c.Key) && IsSafeCss(c.Value)))
            {
                css.Append(CultureInfo.InvariantCulture, $"--{name}: {value}; ");
            }
            return css.ToString().TrimEnd();
        }
    }

    public string Text(string key, string fallback)
    {
        var culture = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        foreach (var theme in Chain.Themes)
        {
            foreach (var file in new[] { $"{culture}.json", "en.json" }.Distinct())
            {
                if (Load(Path.Combine(theme.StringsDirectory, file)).TryGetValue(key, out var text))
                {
                    return text;
                }
            }
        }
        return fallback;
    }

    /// <summary>Reads a strings file again whenever it changes on disk, so a theme author sees an edit on reload.</summary>
    internal IReadOnlyDictionary<string, string> Load(string path)
    {
        if (!File.Exists(path))
        {
            return new Dictionary<string, string>();
        }
        var stamp = File.GetLastWriteTimeUtc(path);
        if (strings.TryGetValue(path, out var cached) && cached.Stamp == stamp)
        {
            return cached.Texts;
        }
        var texts = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path), ThemeManifest.JsonOptions)
            ?? new Dictionary<string, string>();
        strings[path] = (stamp, texts);
        return texts;
    }

    // Colours come from theme.json into a <style> element: keep them to names and simple values.
    private static bool IsSafeCss(string text) =>
        text.Length is > 0 and < 100 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '#' or '.' or '%' or ',' or ' ' or '(' or ')');
}
