using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Requests.ReceiveResponse;

namespace Foi.Modules.Requests.Redaction;

/// <summary>One pass over a text: what to look for, and what each match becomes.</summary>
internal sealed record RedactionPass(Regex Regex, MatchEvaluator Replace);

/// <summary>
/// The censor rules that apply to one request's text, with the built-in phone masking, ready to run. Every public
/// surface (the page, text views, search, feeds, the API, the dump, alerts) passes its text through one of these.
/// </summary>
internal sealed class Redactor(IReadOnlyList<RedactionPass> passes)
{
    /// <summary>What the public reads instead of a text a rule took too long on: the rule fails closed.</summary>
    public const string Withheld = "[text withheld: a redaction rule could not be applied]";

    public int RuleCount => passes.Count;

    [return: NotNullIfNotNull(nameof(text))]
    public string? Apply(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        try
        {
            var result = Masking.MaskPhoneNumbers(text);
            foreach (var pass in passes)
            {
                result = pass.Regex.Replace(result, pass.Replace);
            }
            return result;
        }
        catch (RegexMatchTimeoutException)
        {
            return Withheld;
        }
    }

    /// <summary>Whether an admin's rule (not the built-in masking) matches this text: such a file is never served as it was.</summary>
    public bool RuleMatches(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        try
        {
            return passes.Any(p => p.Regex.IsMatch(text));
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }

    /// <summary>Whether any rule (or the built-in masking) would change this text.</summary>
    public bool Changes(string? text) => !string.IsNullOrEmpty(text) && !string.Equals(Apply(text), text, StringComparison.Ordinal);

    /// <summary>Sanitised HTML with every text node and attribute value redacted; the markup itself is left as it was.</summary>
    [return: NotNullIfNotNull(nameof(html))]
    public string? ApplyHtml(string? html)
    {
        if (string.IsNullOrEmpty(html) || !Changes(WebUtility.HtmlDecode(html)))
        {
            return html;
        }
        var document = new HtmlParser().ParseDocument(html);
        foreach (var node in document.Body!.Descendants().ToList())
        {
            if (node is IText text)
            {
                text.Data = Apply(text.Data);
            }
            else if (node is IElement element)
            {
                foreach (var attribute in element.Attributes.ToList())
                {
                    element.SetAttribute(attribute.Name, Apply(attribute.Value));
                }
            }
        }
        return document.Body!.InnerHtml;
    }
}

/// <summary>A rule turned into a regular expression that cannot hang: bounded by a timeout, and on the non-backtracking engine when it is a pattern.</summary>
internal static class CensorPatterns
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(250);

    /// <summary>Plain text, any case, with any run of whitespace (a line break in a reply) between its words.</summary>
    public static string Literal(string text) =>
        string.Join(@"\s+", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape));

    public static Regex Compile(string pattern, bool isRegex) => isRegex
        ? new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, Timeout)
        : new Regex(Literal(pattern), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, Timeout);

    /// <summary>Many plain-text rules as one expression, one pass over the text whatever their number.</summary>
    public static RedactionPass? Combined(IReadOnlyList<CensorRule> plainRules)
    {
        if (plainRules.Count == 0)
        {
            return null;
        }
        var replacements = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in plainRules)
        {
            replacements.TryAdd(Key(rule.Pattern), rule.Replacement);
        }
        // Longest first, so "John Smith" wins over "John" where both are rules.
        var alternatives = plainRules.Select(r => r.Pattern).Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(p => p.Length).Select(Literal);
        var regex = new Regex(string.Join('|', alternatives), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, Timeout);
        return new RedactionPass(regex, match => replacements.GetValueOrDefault(Key(match.Value), CensorRule.DefaultReplacement));
    }

    public static RedactionPass Single(CensorRule rule)
    {
        var replacement = rule.Replacement;
        return new RedactionPass(Compile(rule.Pattern, rule.IsRegex), _ => replacement);
    }

    /// <summary>Null when the pattern is safe to save; otherwise what is wrong with it, for the admin.</summary>
    public static string? Problem(string pattern, bool isRegex)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return "Enter the text or pattern to redact.";
        }
        if (pattern.Length > CensorRule.PatternMaxLength)
        {
            return $"A pattern has at most {CensorRule.PatternMaxLength} characters.";
        }
        if (!isRegex)
        {
            return pattern.Trim().Length < 3 ? "Plain text to redact has at least 3 characters: shorter text would hide parts of ordinary words." : null;
        }
        Regex regex;
        try
        {
            regex = Compile(pattern, true);
        }
        catch (NotSupportedException)
        {
            return "This pattern uses backreferences, lookarounds or atomic groups, which could make the site hang on some text; rewrite it without them.";
        }
        catch (ArgumentException exception)
        {
            return $"This is not a valid regular expression: {exception.Message}";
        }
        try
        {
            if (regex.IsMatch(""))
            {
                return "This pattern matches empty text, so it would redact between every letter; make it match at least one character.";
            }
            // A sample of the texts rules meet, long and repetitive: a pattern too slow on it is too slow for the site.
            regex.Replace(SlowSample.Value, "");
        }
        catch (RegexMatchTimeoutException)
        {
            return "This pattern is too slow: it took longer than a quarter of a second on a sample text.";
        }
        return null;
    }

    private static readonly Lazy<string> SlowSample = new(() =>
        string.Concat(Enumerable.Repeat("Dear Ms Smith, call 020 7946 0958 or write to foi@example.org. aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa! 1234567890 ", 2000)));

    private static string Key(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
