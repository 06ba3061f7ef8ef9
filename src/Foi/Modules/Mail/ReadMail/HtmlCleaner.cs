using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace Foi.Modules.Mail.ReadMail;

/// <summary>
/// Makes an email's HTML safe to publish: no scripts or event handlers (HtmlSanitizer), no styles that could break the
/// page, no remote images (which would tell the sender who reads the page), and links marked as not endorsed.
/// </summary>
internal static partial class HtmlCleaner
{
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>Larger HTML, or HTML with more tags than this, is published as plain text: cleaning it could take minutes.</summary>
    public const int MaxCleanChars = 2 * 1024 * 1024;
    public const int MaxCleanTags = 50_000;
    public static readonly TimeSpan MaxCleanTime = TimeSpan.FromSeconds(10);

    /// <summary>Beyond the largest message the site reads whole (30 MB), the text is cut.</summary>
    private const int MaxStripChars = 32 * 1024 * 1024;

    public static string Clean(string html) => Sanitizer.Sanitize(html);

    /// <summary>
    /// The cleaned HTML and its text, within size and time limits; past them, no HTML and the text taken by stripping
    /// the tags (which is linear in the input and cannot nest).
    /// </summary>
    public static async Task<(string? Html, string Text)> CleanWithinLimitsAsync(string html, CancellationToken cancellationToken)
    {
        if (html.Length <= MaxCleanChars && html.AsSpan().Count('<') <= MaxCleanTags)
        {
            var work = Task.Run(() =>
            {
                var cleaned = Clean(html);
                return (cleaned, ToText(cleaned));
            }, cancellationToken);
            try
            {
                var (cleaned, text) = await work.WaitAsync(MaxCleanTime, cancellationToken);
                return (cleaned, text);
            }
            catch (TimeoutException)
            {
                // Left to finish on its own; the message is published as plain text meanwhile.
            }
        }
        return (null, StripTags(html));
    }

    /// <summary>Text of HTML without a parser: tags and comments dropped, entities decoded, blank runs squeezed.</summary>
    public static string StripTags(string html)
    {
        var withBreaks = BlockEnd().Replace(html.Length > MaxStripChars ? html[..MaxStripChars] : html, "\n");
        var text = System.Net.WebUtility.HtmlDecode(Tag().Replace(Script().Replace(withBreaks, ""), ""));
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => l.Trim());
        return BlankRuns().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"<(?:br|/p|/div|/tr|/li|/h[1-6]|/blockquote)\b[^>]*>", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex BlockEnd();

    [System.Text.RegularExpressions.GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Singleline, matchTimeoutMilliseconds: 5000)]
    private static partial System.Text.RegularExpressions.Regex Script();

    [System.Text.RegularExpressions.GeneratedRegex(@"<!--.*?-->|<[^>]*>", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex Tag();

    [System.Text.RegularExpressions.GeneratedRegex(@"\n{3,}")]
    private static partial System.Text.RegularExpressions.Regex BlankRuns();

    public static string ToText(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.QuerySelectorAll("br"))
        {
            element.Replace(document.CreateTextNode("\n"));
        }
        foreach (var element in document.QuerySelectorAll("p, div, tr, li, h1, h2, h3, h4, blockquote"))
        {
            element.AppendChild(document.CreateTextNode("\n"));
        }
        var text = document.Body?.TextContent ?? "";
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => l.Trim());
        return string.Join('\n', lines).Trim();
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedAttributes.Remove("class");
        sanitizer.AllowedAttributes.Remove("id");
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedTags.Remove("input");
        sanitizer.AllowedTags.Remove("button");
        sanitizer.AllowedTags.Remove("textarea");
        sanitizer.AllowedTags.Remove("select");
        sanitizer.PostProcessNode += (_, e) =>
        {
            switch (e.Node)
            {
                case IHtmlImageElement image:
                    var alt = image.AlternativeText;
                    e.ReplacementNodes.Add(image.Owner!.CreateTextNode(string.IsNullOrWhiteSpace(alt) ? "[image not shown]" : $"[image not shown: {alt}]"));
                    break;
                case IHtmlAnchorElement anchor:
                    anchor.SetAttribute("rel", "nofollow ugc noopener");
                    break;
            }
        };
        return sanitizer;
    }
}
