namespace Foi.Modules.Spam.Contracts;

/// <summary>Whether the spam heuristics flagged an account, for the modules that restrict what flagged accounts may do.</summary>
public interface ISpamStatus
{
    /// <summary>True while an account is flagged and waiting for an admin.</summary>
    Task<bool> IsFlaggedAsync(int userId, CancellationToken cancellationToken);
}

/// <summary>How much one account or address may do in a while; admins and trusted accounts are exempt.</summary>
public interface IActivityLimits
{
    /// <summary>Why another sign-up from this address is refused now, or null.</summary>
    Task<string?> SignUpRefusalAsync(string? ip, CancellationToken cancellationToken);

    /// <summary>Why this account may not make another request now, or null.</summary>
    Task<string?> RequestRefusalAsync(int userId, bool isAdmin, CancellationToken cancellationToken);

    /// <summary>Why this account may not write another comment now, or null.</summary>
    Task<string?> CommentRefusalAsync(int userId, bool isAdmin, CancellationToken cancellationToken);
}
