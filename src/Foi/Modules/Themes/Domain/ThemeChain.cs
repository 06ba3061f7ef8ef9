namespace Foi.Modules.Themes.Domain;

/// <summary>
/// The active theme and its ancestors, nearest first, always ending with <c>default</c>. Every lookup (views, help
/// pages, static files, texts, settings) walks this list and takes the first theme that has the thing.
/// </summary>
internal sealed class ThemeChain
{
    public const string DefaultTheme = "default";

    private ThemeChain(string root, IReadOnlyList<LoadedTheme> themes)
    {
        Root = root;
        Themes = themes;
    }

    public string Root { get; }

    public IReadOnlyList<LoadedTheme> Themes { get; }

    public LoadedTheme Active => Themes[0];

    public T? First<T>(Func<ThemeManifest, T?> select) where T : class =>
        Themes.Select(t => select(t.Manifest)).FirstOrDefault(v => v is not null);

    public IReadOnlyList<string> Locales => First(m => m.Locales is { Count: > 0 } l ? l : null) ?? ["en"];

    /// <summary>Reads theme <paramref name="name"/> and its parents from <paramref name="root"/>; a missing theme or parent, or a cycle, throws.</summary>
    public static ThemeChain Load(string root, string name)
    {
        var themes = new List<LoadedTheme>();
        var seen = new List<string>();
        string? next = name;
        string? requiredBy = null;
        while (next is not null)
        {
            if (seen.Contains(next, StringComparer.Ordinal))
            {
                throw new ThemeException(new ThemeProblem(Path.Combine(root, seen[^1], "theme.json"), 0,
                    $"parent themes form a cycle: {string.Join(" -> ", seen.Append(next))}"));
            }
            seen.Add(next);
            var theme = LoadOne(root, next, requiredBy);
            themes.Add(theme);
            requiredBy = theme.ManifestPath;
            next = theme.Manifest.Parent ?? (next == DefaultTheme ? null : DefaultTheme);
        }
        return new ThemeChain(root, themes);
    }

    public static LoadedTheme LoadOne(string root, string name, string? requiredBy)
    {
        var directory = Path.Combine(root, name);
        var manifestPath = Path.Combine(directory, "theme.json");
        if (!Directory.Exists(directory))
        {
            throw new ThemeException(requiredBy is null
                ? new ThemeProblem(directory, 0, $"theme '{name}' does not exist (no folder {directory})")
                : new ThemeProblem(requiredBy, LineOf(requiredBy, "\"parent\""), $"parent theme '{name}' does not exist (no folder {directory})"));
        }
        if (!File.Exists(manifestPath))
        {
            throw new ThemeException(new ThemeProblem(manifestPath, 0, "theme.json is missing"));
        }
        try
        {
            var manifest = System.Text.Json.JsonSerializer.Deserialize<ThemeManifest>(File.ReadAllText(manifestPath), ThemeManifest.JsonOptions)
                ?? throw new ThemeException(new ThemeProblem(manifestPath, 1, "theme.json is empty"));
            return new LoadedTheme(name, directory, manifest);
        }
        catch (System.Text.Json.JsonException exception)
        {
            var line = (int)(exception.LineNumber ?? -1) + 1;
            throw new ThemeException(new ThemeProblem(manifestPath, line, $"theme.json is not valid: {exception.Message.Split(" Path:")[0]}"));
        }
    }

    /// <summary>The 1-based line of the first occurrence of <paramref name="text"/> in a file, or 0.</summary>
    public static int LineOf(string file, string text)
    {
        if (!File.Exists(file))
        {
            return 0;
        }
        var lines = File.ReadAllLines(file);
        var index = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        return index + 1;
    }
}
