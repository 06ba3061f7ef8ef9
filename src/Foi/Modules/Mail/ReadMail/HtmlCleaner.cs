using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace Foi.Modules.Mail.ReadMail;

/// <summary>
/// Makes an email's HTML safe to publish: no scripts or event handlers (HtmlSanitizer), no styles that could break the
/// page, no remote images (which would tell the sender who reads the page), and links marked as not endorsed.
/// </summary>
internal static class HtmlCleaner
{
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static string Clean(string html) => Sanitizer.Sanitize(html);

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
