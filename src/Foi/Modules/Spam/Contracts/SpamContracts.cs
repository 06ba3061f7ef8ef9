namespace Foi.Modules.Spam.Contracts;

/// <summary>Whether the spam heuristics flagged an account, for the modules that restrict what flagged accounts may do.</summary>
public interface ISpamStatus
{
    /// <summary>True while an account is flagged and waiting for an admin.</summary>
    Task<bool> IsFlaggedAsync(int userId, CancellationToken cancellationToken);
}
