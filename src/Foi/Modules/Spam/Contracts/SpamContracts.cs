namespace Foi.Modules.Spam.Contracts;

/// <summary>Whether the spam heuristics flagged an account, for the modules that restrict what flagged accounts may do.</summary>
public interface ISpamStatus
{
    /// <summary>True while an account is flagged and waiting for an admin.</summary>
    Task<bool> IsFlaggedAsync(int userId, CancellationToken cancellationToken);
}

/// <summary>
/// How much one account or address may do in a while; admins and trusted accounts are exempt. Each call that
/// answers null has taken one unit of the limit, so call it right before doing the thing.
/// </summary>
public interface IActivityLimits
{
    /// <summary>Why another sign-up from this address is refused now, or null.</summary>
    Task<string?> SignUpRefusalAsync(string? ip, CancellationToken cancellationToken);

    /// <summary>Why a visitor who is not signed in may not keep another draft request from this address now, or null.</summary>
    Task<string?> DraftRefusalAsync(string? ip, CancellationToken cancellationToken);

    /// <summary>Why this account may not make another request now, or null.</summary>
    Task<string?> RequestRefusalAsync(int userId, bool isAdmin, CancellationToken cancellationToken);

    /// <summary>Why this account may not write another comment now, or null.</summary>
    Task<string?> CommentRefusalAsync(int userId, bool isAdmin, CancellationToken cancellationToken);
}

/// <summary>
/// Counted limits that hold when attempts race and when several nodes serve the site: one unit is taken per attempt.
/// Keys name what is limited and for whom, e.g. <c>forgot-password:address:alice@example.org</c>.
/// </summary>
public interface IActionBudget
{
    /// <summary>Takes one unit; false (and nothing taken) when <paramref name="limit"/> units were already taken within <paramref name="window"/>.</summary>
    Task<bool> TryTakeAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Returns a unit taken in the current slice of the window, e.g. for an attempt that turned out not to count.</summary>
    Task GiveBackAsync(string key, TimeSpan window, CancellationToken cancellationToken);
}
