using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;

namespace Foi.Modules.Requests;

/// <summary>
/// Turns the plain text of a letter or comment into safe HTML: everything escaped, web addresses made into links that
/// carry no endorsement (rel="nofollow ugc"), and quoted earlier correspondence folded away behind a "show" switch.
/// </summary>
internal static partial class LetterFormatter
{
    public static IHtmlContent Text(string text, bool foldQuotes = true)
    {
        var normalised = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var (own, quoted) = foldQuotes ? SplitQuoted(normalised) : (normalised, null);
        var html = new StringBuilder("<div class=\"letter-body\">").Append(Linkify(own.TrimEnd())).Append("</div>");
        if (!string.IsNullOrWhiteSpace(quoted))
        {
            html.Append("<details class=\"quoted\"><summary>Show quoted text</summary><div class=\"letter-body\">")
                .Append(Linkify(quoted.Trim())).Append("</div></details>");
        }
        return new HtmlString(html.ToString());
    }

    /// <summary>Sanitised HTML (from the Mail module) with quoted blocks folded.</summary>
    public static IHtmlContent Html(string sanitisedHtml) => new HtmlString(
        "<div class=\"letter-html\">" +
        sanitisedHtml.Replace("<blockquote", "<details class=\"quoted\"><summary>Show quoted text</summary><blockquote", StringComparison.OrdinalIgnoreCase)
            .Replace("</blockquote>", "</blockquote></details>", StringComparison.OrdinalIgnoreCase) +
        "</div>");

    /// <summary>The letter's own text, and the quoted correspondence below it (from the first quote marker on).</summary>
    internal static (string Own, string? Quoted) SplitQuoted(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var startsQuote = QuoteHeader().IsMatch(line)
                || (line.StartsWith("From:", StringComparison.OrdinalIgnoreCase) && i + 1 < lines.Length && lines[i + 1].TrimStart().StartsWith("Sent:", StringComparison.OrdinalIgnoreCase))
                || (line.StartsWith('>') && lines.Skip(i).Take(3).All(l => l.TrimStart().StartsWith('>') || l.Trim().Length == 0));
            if (startsQuote && i > 0)
            {
                return (string.Join('\n', lines.Take(i)), string.Join('\n', lines.Skip(i)));
            }
        }
        return (text, null);
    }

    private static string Linkify(string text)
    {
        var encoded = WebUtility.HtmlEncode(text);
        return Url().Replace(encoded, m =>
        {
            var url = m.Value.TrimEnd('.', ',', ')', ';');
            var rest = m.Value[url.Length..];
            return $"<a href=\"{url}\" rel=\"nofollow ugc noopener\">{url}</a>{rest}";
        });
    }

    [GeneratedRegex(@"^(-{2,}\s*Original Message\s*-{2,}|On .{3,200} wrote:|From: .+ Sent: .+|-----+ ?Forwarded message|_{10,})$", RegexOptions.IgnoreCase)]
    private static partial Regex QuoteHeader();

    [GeneratedRegex(@"https?://[^\s<>&""]+(&amp;[^\s<>&""]+)*")]
    private static partial Regex Url();
}
