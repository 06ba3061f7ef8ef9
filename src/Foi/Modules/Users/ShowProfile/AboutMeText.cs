using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;

namespace Foi.Modules.Users.ShowProfile;

/// <summary>An about-me text as HTML: escaped, with its web addresses as links that carry no endorsement.</summary>
internal static partial class AboutMeText
{
    public static IHtmlContent Render(string text) => new HtmlString(
        "<div class=\"letter-body\">" +
        Url().Replace(WebUtility.HtmlEncode(text), m => $"<a href=\"{m.Value}\" rel=\"nofollow ugc noopener\">{m.Value}</a>") +
        "</div>");

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Url();
}
