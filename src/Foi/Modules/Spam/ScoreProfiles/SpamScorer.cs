using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Foi.Modules.Spam.ScoreProfiles;

/// <summary>
/// Scores a profile with named rules, each a weight and a reason an admin can read. The total is compared with a
/// threshold strictly: a profile scoring exactly the threshold is not flagged. Weights and lists come from configuration.
/// </summary>
internal sealed partial class SpamScorer(SpamOptions options)
{
    /// <summary>Links in an about-me text count as "made soon after sign-up" within this long.</summary>
    public static readonly TimeSpan QuickEdit = TimeSpan.FromMinutes(15);

    private sealed record Rule(string Name, double DefaultWeight, string Reason, Func<ProfileFacts, bool> Fires);

    private IReadOnlyList<Rule> Rules =>
    [
        new("name_all_lowercase", 0.5, "The name is written all in lower case.", f => f.Name.Any(char.IsLetter) && !f.Name.Any(char.IsUpper) && f.Name.Any(char.IsLower)),
        new("name_single_word", 0.5, "The name is a single word.", f => Words(f.Name).Count == 1),
        new("name_digits_or_symbols", 2, "The name contains digits or symbols.", f => f.Name.Any(c => char.IsDigit(c) || "@#$%&*+=_|<>/\\!?".Contains(c, StringComparison.Ordinal))),
        new("name_garbled", 2, "The name has a long run of consonants, like random letters.", f => Garbled().IsMatch(f.Name.ToLowerInvariant())),
        new("name_spam_pattern", 4, "The name reads like an advert (e.g. \"customer service\", \"buy\", \"bitcoin\").", f => ContainsPhrase(f.Name, options.SpamPhrases)),
        new("name_company_suffix", 1, "The name ends like a company's (Ltd, LLC, Services...).", f => Words(f.Name).Count > 0 && options.CompanySuffixes.Contains(Words(f.Name)[^1].Trim('.', ','), StringComparer.OrdinalIgnoreCase)),
        new("email_suspicious_domain", 1, "The email address is at a domain often used for sign-up spam.", f => options.SuspiciousDomains.Contains(Domain(f.Email), StringComparer.OrdinalIgnoreCase)),
        new("email_spam_domain", 5, "The email address is at a known spam domain.", f => options.SpamDomains.Contains(Domain(f.Email), StringComparer.OrdinalIgnoreCase)),
        new("email_disposable", 2.5, "The email address is at a disposable-mail service.", f => options.DisposableDomains.Contains(Domain(f.Email), StringComparer.OrdinalIgnoreCase)),
        new("email_spam_tld", 2, "The email address is under a top-level domain mostly used for spam.", f => options.SpamTlds.Contains(Domain(f.Email).Split('.')[^1], StringComparer.OrdinalIgnoreCase)),
        new("about_links", 1.5, "The about-me text has links.", f => Links(f.AboutMe) > 0),
        new("about_only_link", 2.5, "The about-me text is little more than a link.", f => Links(f.AboutMe) > 0 && WithoutLinks(f.AboutMe).Count(char.IsLetter) < 25),
        new("about_html_anchor", 3, "The about-me text has an HTML link (<a href>), a sign of pasted spam.", f => HtmlAnchor().IsMatch(f.AboutMe ?? "")),
        new("about_currency", 1.5, "The about-me text mentions prices.", f => Currency().IsMatch(f.AboutMe ?? "")),
        new("about_spam_phrases", 3, "The about-me text reads like an advert.", f => ContainsPhrase(f.AboutMe ?? "", options.SpamPhrases)),
        new("about_duplicate", 3, "Another account has exactly the same about-me text.", f => f.OtherAccountsWithSameAboutMe > 0 && !string.IsNullOrWhiteSpace(f.AboutMe)),
        new("ip_burst", 2, "Several accounts signed up from the same address within an hour.", f => f.SignupsFromSameIpWithinHour >= 3),
        new("ip_listed", 3, "The sign-up came from a listed address range.", f => InListedRange(f.SignupIp)),
        new("user_agent_suspicious", 2, "The sign-up came from a script rather than a browser.", f => string.IsNullOrWhiteSpace(f.UserAgent) || options.SuspiciousUserAgents.Any(ua => f.UserAgent!.Contains(ua, StringComparison.OrdinalIgnoreCase))),
        new("quick_link_edit", 2.5, "Links were added to the profile within minutes of signing up.", f => Links(f.AboutMe) > 0 && f.ProfileUpdatedAt is { } updated && updated - f.CreatedAt <= QuickEdit),
        new("no_activity", 1, "The account has made no request or annotation.", f => f.Requests == 0 && f.Annotations == 0),
        new("content_spam_phrases", 3, "Its request titles or comments read like adverts.", f => f.WrittenTexts?.Any(t => ContainsPhrase(t, options.SpamPhrases)) == true),
    ];

    /// <summary>The rules' names with their weights in force, for the admin pages and `spam score`.</summary>
    public IReadOnlyList<(string Name, double Weight, string Reason)> Describe() =>
        Rules.Select(r => (r.Name, Weight(r), r.Reason)).ToList();

    public SpamScore Score(ProfileFacts facts)
    {
        var fired = Rules.Where(r => Weight(r) != 0 && r.Fires(facts)).Select(r => new FiredRule(r.Name, Weight(r), r.Reason)).ToList();
        var total = Math.Round(fired.Sum(r => r.Weight), 2);
        return new SpamScore(total, fired, total > options.Threshold);
    }

    /// <summary>Request titles and annotations are checked against the same phrase list.</summary>
    public IReadOnlyList<string> SpamPhrasesIn(string text) =>
        options.SpamPhrases.Where(p => ContainsPhrase(text, [p])).ToList();

    private double Weight(Rule rule) => options.Weights.TryGetValue(rule.Name, out var weight) ? weight : rule.DefaultWeight;

    private static List<string> Words(string text) => text.Split([' ', '\t', ',', '-'], StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string Domain(string email) => email.Split('@').Last().Trim().ToLowerInvariant();

    private static bool ContainsPhrase(string text, IEnumerable<string> phrases)
    {
        var lower = " " + NonWord().Replace(text.ToLowerInvariant(), " ") + " ";
        return phrases.Any(p => lower.Contains(" " + p.ToLowerInvariant() + " ", StringComparison.Ordinal));
    }

    private static int Links(string? text) => text is null ? 0 : Link().Count(text);

    private static string WithoutLinks(string? text) => text is null ? "" : Link().Replace(HtmlAnchor().Replace(text, " "), " ");

    private bool InListedRange(string? ip)
    {
        if (ip is null || !IPAddress.TryParse(ip, out var address))
        {
            return false;
        }
        foreach (var range in options.ListedIpRanges)
        {
            var parts = range.Split('/');
            if (IPAddress.TryParse(parts[0], out var network) && parts.Length == 2
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
                && new IPNetwork(network, prefix).Contains(address))
            {
                return true;
            }
        }
        return false;
    }

    [GeneratedRegex(@"[bcdfghjklmnpqrstvwxz]{5,}")]
    private static partial Regex Garbled();

    [GeneratedRegex(@"(https?://|www\.)\S+|\b[a-z0-9-]+\.(com|net|org|info|biz|xyz|top|co|io|in|uk|example)(/\S*)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex(@"<a\s[^>]*href", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlAnchor();

    [GeneratedRegex(@"[$€£₹¥]\s?\d|\d\s?(usd|eur|gbp|inr)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Currency();

    [GeneratedRegex(@"[^\p{L}\p{N}/]+")]
    private static partial Regex NonWord();
}
