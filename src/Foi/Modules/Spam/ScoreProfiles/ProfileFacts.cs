namespace Foi.Modules.Spam.ScoreProfiles;

/// <summary>What the scorer looks at: the profile, how it was made, what its owner has done, and its neighbours.</summary>
internal sealed record ProfileFacts(
    string Name,
    string Email,
    string? AboutMe,
    string? SignupIp,
    string? UserAgent,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ProfileUpdatedAt,
    int Requests,
    int Annotations,
    int OtherAccountsWithSameAboutMe,
    int SignupsFromSameIpWithinHour,
    IReadOnlyList<string>? WrittenTexts = null);

/// <summary>One rule that fired, with its weight and the reason an admin reads.</summary>
internal sealed record FiredRule(string Name, double Weight, string Reason);

internal sealed record SpamScore(double Total, IReadOnlyList<FiredRule> Fired, bool IsSpam);
