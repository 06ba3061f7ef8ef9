using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Foi.Modules.Themes.Domain;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Foi.Modules.Themes.ShowHelpPage;

internal sealed record HelpHeading(int Level, string Id, string Text);

internal sealed record HelpPage(
    string Name,
    string Title,
    string? Description,
    string Html,
    IReadOnlyList<HelpHeading> Headings,
    IReadOnlySet<string> Ids,
    string File,
    IReadOnlyList<ThemeProblem> Problems);

/// <summary>
/// The help pages of the theme chain: Markdown files with front matter in each theme's help/ folder, one per locale
/// where translated (about.md, about.cy.md). A file is read again whenever it changes, so edits show on reload.
/// </summary>
internal sealed partial class HelpLibrary(ThemeChain chain)
{
    /// <summary>The pages every theme must have, with the section ids the site's own pages link to.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Required = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["about"] = ["whybother_them", "reporting", "reporting_unavailable"],
        ["requesting"] = ["focused", "data_protection", "missing_body", "quickly_response"],
        ["privacy"] = ["email_address", "full_address", "postal_answer", "public_request", "real_name"],
        ["officers"] = ["copyright"],
        ["unhappy"] = ["internal_review", "other_means"],
        ["credits"] = ["helpus"],
        ["api"] = [],
        ["contact"] = [],
    };

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UseAdvancedExtensions() // heading ids, {#id} attributes, tables
        .Build();

    private readonly ConcurrentDictionary<string, (DateTime Stamp, HelpPage Page)> cache = new(StringComparer.Ordinal);

    public ThemeChain Chain { get; } = chain;

    /// <summary>The page in the given language if a theme of the chain has it, else in the theme's own language.</summary>
    public HelpPage? Find(string name, string language)
    {
        if (!PageName().IsMatch(name))
        {
            return null;
        }
        foreach (var theme in Chain.Themes)
        {
            foreach (var file in new[] { $"{name}.{language}.md", $"{name}.md" })
            {
                var path = Path.Combine(theme.HelpDirectory, file);
                if (File.Exists(path))
                {
                    return Load(path, name);
                }
            }
        }
        return null;
    }

    /// <summary>Every page of the chain, by title.</summary>
    public IReadOnlyList<HelpPage> List(string language) =>
        Chain.Themes
            .Where(t => Directory.Exists(t.HelpDirectory))
            .SelectMany(t => Directory.GetFiles(t.HelpDirectory, "*.md"))
            .Select(f => Path.GetFileName(f).Split('.')[0])
            .Distinct(StringComparer.Ordinal)
            .Select(name => Find(name, language))
            .OfType<HelpPage>()
            .OrderBy(p => p.Title, StringComparer.CurrentCulture)
            .ToList();

    public HelpPage Load(string path, string name)
    {
        var stamp = File.GetLastWriteTimeUtc(path);
        if (cache.TryGetValue(path, out var cached) && cached.Stamp == stamp)
        {
            return cached.Page;
        }
        var page = Render(path, name, File.ReadAllText(path));
        cache[path] = (stamp, page);
        return page;
    }

    internal static HelpPage Render(string path, string name, string markdown)
    {
        var problems = new List<ThemeProblem>();
        var document = Markdown.Parse(markdown, Pipeline);
        var front = ReadFrontMatter(document, path, problems);
        var headings = document.Descendants<HeadingBlock>()
            .Where(h => h.Level is 2 or 3 && h.GetAttributes().Id is not null)
            .Select(h => new HelpHeading(h.Level, h.GetAttributes().Id!, InlineText(h)))
            .ToList();
        var html = document.ToHtml(Pipeline);
        var ids = IdAttribute().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
        if (!front.TryGetValue("title", out var title) || string.IsNullOrWhiteSpace(title))
        {
            problems.Add(new ThemeProblem(path, 1, "front matter has no title (start the file with ---, title: ..., ---)"));
            title = name;
        }
        return new HelpPage(name, title, front.GetValueOrDefault("description"), html, headings, ids, path, problems);
    }

    private static Dictionary<string, string> ReadFrontMatter(MarkdownDocument document, string path, List<ThemeProblem> problems)
    {
        var block = document.Descendants<YamlFrontMatterBlock>().FirstOrDefault();
        if (block is null)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
        var yaml = string.Join('\n', block.Lines.Lines.Take(block.Lines.Count).Select(l => l.ToString()));
        try
        {
            return new DeserializerBuilder().Build().Deserialize<Dictionary<string, string>>(yaml)
                ?? new Dictionary<string, string>(StringComparer.Ordinal);
        }
        catch (YamlException exception)
        {
            problems.Add(new ThemeProblem(path, (int)exception.Start.Line + 1, $"front matter is not valid YAML: {exception.Message}"));
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    private static string InlineText(HeadingBlock heading) =>
        heading.Inline is null ? "" : string.Concat(heading.Inline.Descendants<Markdig.Syntax.Inlines.LiteralInline>().Select(l => l.Content.ToString()));

    [GeneratedRegex("^[a-z0-9_-]{1,60}$")]
    private static partial Regex PageName();

    [GeneratedRegex("\\sid=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();
}
