using FluentValidation;
using Foi.Common.Site;

namespace Foi.Modules.Spam.ScoreProfiles;

/// <summary>Bound from <c>Spam</c>: the threshold, each rule's weight, and the word and domain lists.</summary>
internal sealed class SpamOptions
{
    public const string Section = "Spam";

    /// <summary>A profile is flagged when its score is strictly above this.</summary>
    public double Threshold { get; set; } = 4.5;

    /// <summary>Overrides of the rules' default weights, by rule name; 0 switches a rule off.</summary>
    public Dictionary<string, double> Weights { get; set; } = [];

    public List<string> SpamPhrases { get; set; } =
    [
        "customer service", "customer care", "helpline", "toll free", "buy", "cheap", "discount", "bitcoin", "crypto", "forex",
        "web design", "seo", "backlink", "casino", "betting", "poker", "loan", "payday", "viagra", "cialis", "pharmacy",
        "escort", "dating", "weight loss", "keto", "essay writing", "assignment help", "movers", "packers", "plumber near",
        "locksmith", "best price", "click here", "visit our website", "call now", "24/7", "digital marketing", "followers",
        "replica", "investment opportunity", "earn money", "work from home",
    ];

    public List<string> CompanySuffixes { get; set; } = ["ltd", "llc", "inc", "pvt", "plc", "gmbh", "services", "solutions", "agency", "company", "corp"];

    public List<string> SuspiciousDomains { get; set; } = ["mail.ru", "yandex.com", "163.com", "qq.com", "outlook.in", "rediffmail.com"];

    public List<string> SpamDomains { get; set; } = ["seo-boost.example", "cheapmeds.example", "spam.example", "linkfarm.example", "casino-win.example"];

    public List<string> DisposableDomains { get; set; } =
        ["mailinator.com", "guerrillamail.com", "10minutemail.com", "temp-mail.org", "trashmail.com", "yopmail.com", "sharklasers.com", "getnada.com", "dispostable.com", "throwawaymail.com"];

    public List<string> SpamTlds { get; set; } = ["xyz", "top", "click", "loan", "work", "gq", "tk", "ml", "cf", "ga", "bid", "win", "icu"];

    /// <summary>Address ranges (CIDR) that sign-ups are not expected from.</summary>
    public List<string> ListedIpRanges { get; set; } = [];

    public LimitSettings Limits { get; set; } = new();

    public List<string> SuspiciousUserAgents { get; set; } = ["curl", "python-requests", "wget", "go-http-client", "headlesschrome", "phantomjs", "scrapy", "java/", "libwww", "okhttp"];
}

/// <summary>How much one address or account may do; admins and trusted accounts are exempt.</summary>
internal sealed class LimitSettings
{
    public int SignUpsPerIpPerHour { get; set; } = 5;
    public int RequestsPerUserPerDay { get; set; } = 10;
    public int CommentsPerUserPerHour { get; set; } = 10;
    public int AnonymousDraftsPerIpPerHour { get; set; } = 20;
}

internal sealed class SpamOptionsValidator : AbstractValidator<SpamOptions>
{
    public SpamOptionsValidator()
    {
        var rules = new SpamScorer(new SpamOptions()).Describe().Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        RuleFor(s => s.Threshold).GreaterThan(0).WithMessage("must be a number above 0, such as 4.5");
        RuleForEach(s => s.Weights.Keys).Must(rules.Contains)
            .WithName("Weights").WithMessage((_, name) => $"'{name}' is not a rule; the rules are {string.Join(", ", rules.Order(StringComparer.Ordinal))}");
        RuleForEach(s => s.ListedIpRanges).Must(range => System.Net.IPNetwork.TryParse(range, out _))
            .WithMessage((_, range) => $"'{range}' is not a network; write one as address/prefix, such as 203.0.113.0/24");
        RuleFor(s => s.Limits.SignUpsPerIpPerHour).GreaterThan(0).WithMessage(Settings.PositiveWholeNumber);
        RuleFor(s => s.Limits.RequestsPerUserPerDay).GreaterThan(0).WithMessage(Settings.PositiveWholeNumber);
        RuleFor(s => s.Limits.CommentsPerUserPerHour).GreaterThan(0).WithMessage(Settings.PositiveWholeNumber);
        RuleFor(s => s.Limits.AnonymousDraftsPerIpPerHour).GreaterThan(0).WithMessage(Settings.PositiveWholeNumber);
    }
}
