namespace Foi.Modules.Users.Contracts;

/// <summary>What other modules may know of a user account.</summary>
/// <param name="Id">Account id.</param>
/// <param name="Name">The name the user signs letters with.</param>
/// <param name="Slug">URL slug of the public profile (<c>/user/&lt;slug&gt;</c>).</param>
/// <param name="Email">Login email; never shown publicly.</param>
/// <param name="EmailConfirmed">Whether the email address was confirmed through the mailed link.</param>
public sealed record UserSummary(int Id, string Name, string Slug, string Email, bool EmailConfirmed);

/// <summary>Looks up accounts for other modules.</summary>
public interface IUserDirectory
{
    /// <summary>One account, or null.</summary>
    Task<UserSummary?> FindAsync(int id, CancellationToken cancellationToken);

    /// <summary>Several accounts by id; unknown ids are left out.</summary>
    Task<IReadOnlyDictionary<int, UserSummary>> FindManyAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken);
}

/// <summary>Role names.</summary>
public static class Roles
{
    /// <summary>Site administrators: everything under <c>/admin</c>.</summary>
    public const string Admin = "admin";
}
