using System.Text.RegularExpressions;

namespace Foi.Tests.Support;

/// <summary>
/// The configuration blocks of the README's deployment guide, read by the tests that run them, so the guide cannot
/// drift from what is tested: a block that changes shape fails those tests.
/// </summary>
internal static partial class DeploymentGuide
{
    public static string Readme => Path.Combine(Path.GetDirectoryName(Themes.ThemeCheckTests.RepositoryThemes)!, "README.md");

    /// <summary>The guide's nginx site.</summary>
    public static string NginxSite => Block("nginx", "nginx with TLS");

    /// <summary>The guide's <c>appsettings.Production.json</c>.</summary>
    public static string ProductionSettings => Block("json", "**Settings** in `/srv/foi/appsettings.Production.json`");

    /// <summary>The first fenced block of the given language after the line containing <paramref name="after"/>.</summary>
    private static string Block(string language, string after)
    {
        var text = File.ReadAllText(Readme);
        var start = text.IndexOf(after, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"The README's deployment guide has no step \"{after}\".");
        }
        var block = FencedBlock().Matches(text[start..]).FirstOrDefault(m => m.Groups["language"].Value == language)
            ?? throw new InvalidOperationException($"The README's step \"{after}\" has no {language} block.");
        // The guide's blocks are indented under their numbered step.
        var lines = block.Groups["body"].Value.Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    [GeneratedRegex(@"```(?<language>\w+)\n(?<body>.*?)\n[ ]*```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
