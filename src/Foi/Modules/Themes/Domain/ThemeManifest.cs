using System.Text.Json;
using System.Text.Json.Serialization;

namespace Foi.Modules.Themes.Domain;

/// <summary>The contents of a theme's theme.json. Anything left out is inherited from the parent theme.</summary>
internal sealed class ThemeManifest
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public string? Name { get; set; }
    public string? Parent { get; set; }
    public SiteSection? Site { get; set; }
    public Dictionary<string, string>? Colors { get; set; }
    public List<string>? Stylesheets { get; set; }
    public List<string>? Locales { get; set; }

    internal sealed class SiteSection
    {
        public string? Name { get; set; }
        public string? ContactEmail { get; set; }
        public string? Logo { get; set; }
    }
}

/// <summary>A theme folder whose theme.json was read.</summary>
internal sealed record LoadedTheme(string Name, string Directory, ThemeManifest Manifest)
{
    public string ManifestPath => Path.Combine(Directory, "theme.json");
    public string HelpDirectory => Path.Combine(Directory, "help");
    public string StaticDirectory => Path.Combine(Directory, "wwwroot");
    public string ViewsDirectory => Path.Combine(Directory, "Views");
    public string StringsDirectory => Path.Combine(Directory, "strings");
}

/// <summary>A problem a theme author can fix: the file, the line (1-based, 0 when unknown) and what is wrong.</summary>
internal sealed record ThemeProblem(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

internal sealed class ThemeException(ThemeProblem problem) : Exception(problem.ToString())
{
    public ThemeProblem Problem { get; } = problem;
}
