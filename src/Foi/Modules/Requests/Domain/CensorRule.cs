namespace Foi.Modules.Requests.Domain;

/// <summary>Where a censor rule applies: the whole site, or one authority's, one person's or one request's text.</summary>
internal enum CensorScope
{
    Site,
    Authority,
    Person,
    Request,
}

/// <summary>Text an admin decided the public must never read, with what it reads instead.</summary>
internal sealed class CensorRule
{
    public const int PatternMaxLength = 500;
    public const int ReplacementMaxLength = 100;
    public const int NoteMaxLength = 1000;
    public const string DefaultReplacement = "[REDACTED]";

    private CensorRule()
    {
    }

    public int Id { get; private set; }
    public string Pattern { get; private set; } = "";
    public bool IsRegex { get; private set; }
    public string Replacement { get; private set; } = DefaultReplacement;
    public CensorScope Scope { get; private set; }

    /// <summary>The authority's, person's or request's id; null for the whole site.</summary>
    public int? ScopeId { get; private set; }

    /// <summary>Why the rule exists: for admins only.</summary>
    public string Note { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public int CreatedByUserId { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int UpdatedByUserId { get; private set; }

    public static CensorRule Add(string pattern, bool isRegex, string? replacement, CensorScope scope, int? scopeId, string note, int byUserId, DateTimeOffset now)
    {
        var rule = new CensorRule { CreatedAt = now, CreatedByUserId = byUserId };
        rule.Change(pattern, isRegex, replacement, scope, scopeId, note, byUserId, now);
        return rule;
    }

    public void Change(string pattern, bool isRegex, string? replacement, CensorScope scope, int? scopeId, string note, int byUserId, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(pattern) || pattern.Length > PatternMaxLength)
        {
            throw new ArgumentException($"A pattern has 1 to {PatternMaxLength} characters.", nameof(pattern));
        }
        if ((scope == CensorScope.Site) != (scopeId is null))
        {
            throw new ArgumentException("A site-wide rule has no scope id; any other rule has one.", nameof(scopeId));
        }
        Pattern = pattern;
        IsRegex = isRegex;
        Replacement = string.IsNullOrEmpty(replacement) ? DefaultReplacement : replacement.Trim();
        Scope = scope;
        ScopeId = scopeId;
        Note = note.Trim();
        UpdatedAt = now;
        UpdatedByUserId = byUserId;
    }

    public string Describe() => $"{(IsRegex ? "pattern" : "text")} \"{Pattern}\" → \"{Replacement}\" ({ScopeName(Scope, ScopeId)})";

    public static string ScopeName(CensorScope scope, int? id) => scope switch
    {
        CensorScope.Site => "whole site",
        CensorScope.Authority => $"authority #{id}",
        CensorScope.Person => $"requests of person #{id}",
        _ => $"request #{id}",
    };
}

/// <summary>One line of the censor rules' log: who added, changed or removed which rule, and when. Never deleted.</summary>
internal sealed class CensorRuleChange
{
    private CensorRuleChange()
    {
    }

    public int Id { get; private set; }
    public int RuleId { get; private set; }
    public string Action { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string Note { get; private set; } = "";
    public int ByUserId { get; private set; }
    public DateTimeOffset At { get; private set; }

    public static CensorRuleChange Of(CensorRule rule, string action, int byUserId, DateTimeOffset now) => new()
    {
        RuleId = rule.Id,
        Action = action,
        Description = rule.Describe(),
        Note = rule.Note,
        ByUserId = byUserId,
        At = now,
    };
}

/// <summary>
/// A request's former address: kept when its slug changed because a censor rule matched its title (the slug is made
/// from the title), so old links still lead to the request while the redacted words leave its address.
/// </summary>
internal sealed class RequestSlugAlias
{
    private RequestSlugAlias()
    {
    }

    public int Id { get; private set; }
    public string Slug { get; private set; } = "";
    public int RequestId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static RequestSlugAlias For(int requestId, string slug, DateTimeOffset now) => new() { RequestId = requestId, Slug = slug, CreatedAt = now };
}
