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

    /// <summary>When the person a rule protected closed their account: the log keeps the line, not their name.</summary>
    public void Forget(Func<string, string> scrub) => (Description, Note) = (scrub(Description), scrub(Note));

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

/// <summary>
/// An attachment a censor rule matches that could not be redacted automatically (a scan): withheld from the public
/// and listed for admins until one of them uploads a redacted replacement, which the public then gets instead.
/// </summary>
internal sealed class WithheldAttachment
{
    public const long MaxReplacementBytes = 20 * 1024 * 1024;

    private WithheldAttachment()
    {
    }

    public int Id { get; private set; }
    public int AttachmentId { get; private set; }
    public int RequestId { get; private set; }
    public string Reason { get; private set; } = "";
    public DateTimeOffset FoundAt { get; private set; }
    public string? ReplacementFileName { get; private set; }
    public string? ReplacementContentType { get; private set; }
    public byte[]? ReplacementContent { get; private set; }
    public DateTimeOffset? ReplacedAt { get; private set; }
    public int? ReplacedByUserId { get; private set; }

    public static WithheldAttachment Found(int requestId, int attachmentId, string reason, DateTimeOffset now) =>
        new() { RequestId = requestId, AttachmentId = attachmentId, Reason = reason.Length > 500 ? reason[..500] : reason, FoundAt = now };

    public void Replace(string fileName, string contentType, byte[] content, int byUserId, DateTimeOffset now)
    {
        if (content.LongLength is 0 or > MaxReplacementBytes)
        {
            throw new ArgumentException($"A replacement has 1 byte to {MaxReplacementBytes / 1024 / 1024} MB.", nameof(content));
        }
        ReplacementFileName = fileName.Length > 200 ? fileName[^200..] : fileName;
        ReplacementContentType = contentType.Length > 150 ? "application/octet-stream" : contentType;
        ReplacementContent = content;
        ReplacedAt = now;
        ReplacedByUserId = byUserId;
    }
}
