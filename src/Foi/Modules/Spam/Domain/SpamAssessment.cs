namespace Foi.Modules.Spam.Domain;

internal enum SpamVerdict
{
    /// <summary>Scored at or under the threshold.</summary>
    Clear,

    /// <summary>Over the threshold, waiting for an admin.</summary>
    Flagged,

    /// <summary>An admin said it is not spam; not flagged again unless the profile changes.</summary>
    NotSpam,

    Banned,
}

/// <summary>The latest score of one account, with each rule's contribution and the profile version it judged.</summary>
internal sealed class SpamAssessment
{
    private SpamAssessment()
    {
    }

    public int UserId { get; private set; }
    public double Score { get; private set; }

    /// <summary>The rules that fired, as "name|weight|reason" lines.</summary>
    public string FiredRules { get; private set; } = "";
    public int ProfileVersion { get; private set; }
    public DateTimeOffset ComputedAt { get; private set; }
    public SpamVerdict Verdict { get; private set; }
    public int? ReviewedProfileVersion { get; private set; }

    public static SpamAssessment For(int userId) => new() { UserId = userId };

    public IReadOnlyList<(string Name, double Weight, string Reason)> Rules =>
        FiredRules.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('|', 3))
            .Select(p => (p[0], double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), p[2])).ToList();

    /// <summary>Records a new score; true when this makes the account newly flagged.</summary>
    public bool Record(double score, IEnumerable<(string Name, double Weight, string Reason)> fired, int profileVersion, bool overThreshold, DateTimeOffset now)
    {
        Score = score;
        FiredRules = string.Join('\n', fired.Select(f => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{f.Name}|{f.Weight}|{f.Reason}")));
        ComputedAt = now;
        ProfileVersion = profileVersion;
        if (Verdict == SpamVerdict.Banned || (Verdict == SpamVerdict.NotSpam && ReviewedProfileVersion == profileVersion))
        {
            return false;
        }
        var wasFlagged = Verdict == SpamVerdict.Flagged;
        Verdict = overThreshold ? SpamVerdict.Flagged : SpamVerdict.Clear;
        return overThreshold && !wasFlagged;
    }

    public void Review(SpamVerdict verdict)
    {
        Verdict = verdict;
        ReviewedProfileVersion = ProfileVersion;
    }
}

/// <summary>What an admin decided about an account.</summary>
internal enum AccountDecision
{
    Ban,
    Unban,

    /// <summary>Not spam: the account leaves the queue until its profile changes.</summary>
    NotSpam,

    /// <summary>Looked at, no decision yet: the account stays in the queue.</summary>
    Leave,

    /// <summary>Exempt from the new-account limits.</summary>
    Trust,
    Distrust,
}

/// <summary>An admin's action on an account: who, when, what and why.</summary>
internal sealed class SpamAction
{
    private SpamAction()
    {
    }

    public int Id { get; private set; }
    public int UserId { get; private set; }
    public AccountDecision Action { get; private set; }
    public string? Reason { get; private set; }
    public string By { get; private set; } = "";
    public DateTimeOffset At { get; private set; }

    public static SpamAction Record(int userId, AccountDecision action, string? reason, string by, DateTimeOffset at) =>
        new() { UserId = userId, Action = action, Reason = reason, By = by, At = at };
}

/// <summary>A word, domain or address range an admin added to one of the scorer's lists, beside those in configuration.</summary>
internal sealed class SpamListEntry
{
    public static readonly IReadOnlyList<string> Lists =
        ["SpamPhrases", "SuspiciousDomains", "SpamDomains", "DisposableDomains", "SpamTlds", "ListedIpRanges", "SuspiciousUserAgents"];

    private SpamListEntry()
    {
    }

    public int Id { get; private set; }
    public string List { get; private set; } = "";
    public string Value { get; private set; } = "";
    public string AddedBy { get; private set; } = "";
    public DateTimeOffset AddedAt { get; private set; }

    public static SpamListEntry Add(string list, string value, string by, DateTimeOffset at) =>
        new() { List = list, Value = value.Trim().ToLowerInvariant(), AddedBy = by, AddedAt = at };
}
