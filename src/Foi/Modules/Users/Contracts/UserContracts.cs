namespace Foi.Modules.Users.Contracts;

/// <summary>What other modules may know of a user account.</summary>
/// <param name="Id">Account id.</param>
/// <param name="Name">The name the site shows: their own, or the pseudonym or initials they chose.</param>
/// <param name="Slug">URL slug of the public profile (<c>/user/&lt;slug&gt;</c>).</param>
/// <param name="Email">Login email; never shown publicly.</param>
/// <param name="EmailConfirmed">Whether the email address was confirmed through the mailed link.</param>
/// <param name="IsBanned">Banned accounts may sign in but not file requests, follow up, comment or edit their profile.</param>
/// <param name="EmailBouncing">The site's mail to the address bounced for good and it has not been shown to work since.</param>
/// <param name="RealName">Their real name when <paramref name="Name"/> is a public name they chose; null otherwise.</param>
public sealed record UserSummary(int Id, string Name, string Slug, string Email, bool EmailConfirmed, bool IsBanned = false, bool EmailBouncing = false, string? RealName = null)
{
    /// <summary>The name letters to authorities are signed and sent with: the real one, where <see cref="Name"/> shows a pseudonym.</summary>
    public string SignsAs => RealName ?? Name;
}

/// <summary>A profile as the spam heuristics see it.</summary>
/// <param name="Id">Account id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Email">Login email.</param>
/// <param name="AboutMe">Profile text.</param>
/// <param name="SignupIp">Address the account was made from.</param>
/// <param name="SignupUserAgent">Browser (or script) it was made with.</param>
/// <param name="CreatedAt">Sign-up time.</param>
/// <param name="ProfileUpdatedAt">Last profile change.</param>
/// <param name="ProfileVersion">Bumped on each profile change.</param>
/// <param name="Trusted">Vouched for by an admin.</param>
/// <param name="BannedAt">When it was banned, if it is.</param>
/// <param name="BanReason">The public reason of the ban.</param>
public sealed record UserProfile(
    int Id, string Name, string Email, string? AboutMe, string? SignupIp, string? SignupUserAgent, DateTimeOffset CreatedAt,
    DateTimeOffset? ProfileUpdatedAt, int ProfileVersion, bool Trusted, DateTimeOffset? BannedAt, string? BanReason);

/// <summary>Profiles for the spam heuristics, and the admin actions on accounts.</summary>
public interface IUserProfiles
{
    /// <summary>One profile, or null.</summary>
    Task<UserProfile?> GetAsync(int id, CancellationToken cancellationToken);

    /// <summary>The profiles of these accounts, in one query (unknown ids are left out).</summary>
    Task<IReadOnlyDictionary<int, UserProfile>> GetManyAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken);

    /// <summary>How many other accounts have exactly this about-me text.</summary>
    Task<int> CountSameAboutMeAsync(int id, string aboutMe, CancellationToken cancellationToken);

    /// <summary>How many accounts signed up from this address within an hour of the given time (this one included).</summary>
    Task<int> CountSignupsFromAsync(string ip, DateTimeOffset around, CancellationToken cancellationToken);

    /// <summary>How many accounts signed up from this address since the given time.</summary>
    Task<int> CountSignupsSinceAsync(string ip, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Accounts whose profile changed, or that signed up, since the given time.</summary>
    Task<IReadOnlyList<int>> ChangedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Every account id, for a full rescore.</summary>
    Task<IReadOnlyList<int>> AllIdsAsync(CancellationToken cancellationToken);

    /// <summary>Bans (with a public reason) or unbans (null reason) an account.</summary>
    Task SetBanAsync(int id, string? reason, CancellationToken cancellationToken);

    /// <summary>Marks an account as vouched for by an admin (or not).</summary>
    Task SetTrustedAsync(int id, bool trusted, CancellationToken cancellationToken);
}

/// <summary>Published after an account is created.</summary>
/// <param name="UserId">The new account.</param>
public sealed record UserSignedUp(int UserId);

/// <summary>Published after an account's profile changed.</summary>
/// <param name="UserId">The account.</param>
public sealed record ProfileChanged(int UserId);

/// <summary>Accounts made for demo data: confirmed, with no password (nobody signs in as them).</summary>
public interface IDemoAccounts
{
    /// <summary>The account with this email, made if there is none; its id.</summary>
    Task<int> EnsureAsync(string name, string email, CancellationToken cancellationToken);
}

/// <summary>Looks up accounts for other modules.</summary>
public interface IUserDirectory
{
    /// <summary>One account, or null.</summary>
    Task<UserSummary?> FindAsync(int id, CancellationToken cancellationToken);

    /// <summary>The account whose public profile is at /user/{slug}, or null.</summary>
    Task<UserSummary?> FindBySlugAsync(string slug, CancellationToken cancellationToken);

    /// <summary>Several accounts by id; unknown ids are left out.</summary>
    Task<IReadOnlyDictionary<int, UserSummary>> FindManyAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken);

    /// <summary>Confirmed, unbanned accounts with an id above <paramref name="afterId"/>, in id order, or only those among <paramref name="ids"/>.</summary>
    Task<IReadOnlyList<PublicProfile>> PublicProfilesAsync(int afterId, int limit, IReadOnlyCollection<int>? ids, CancellationToken cancellationToken);
}

/// <summary>What anyone may read on a profile page.</summary>
/// <param name="Id">Account id.</param>
/// <param name="Name">Name.</param>
/// <param name="Slug">URL slug.</param>
/// <param name="AboutMe">Profile text; empty when none.</param>
public sealed record PublicProfile(int Id, string Name, string Slug, string AboutMe);

/// <summary>Role names.</summary>
public static class Roles
{
    /// <summary>Site administrators: everything under <c>/admin</c>.</summary>
    public const string Admin = "admin";
}

/// <summary>The change feed topic (see <c>Foi.Common.Data.ChangeFeed</c>) of accounts' public profiles.</summary>
public static class UserTopic
{
    /// <summary>Topic name.</summary>
    public const string Name = "user";
}

/// <summary>Claims the site puts on a signed-in account, renewed on every request with its security stamp.</summary>
public static class AccountClaims
{
    /// <summary>Present (value "true") while the account is banned: it may read, and do only what is marked <see cref="AllowBannedAccountsAttribute"/>.</summary>
    public const string Banned = "foi:banned";
}

/// <summary>A POST a banned account may still make: signing out, changing its password, writing to the site's team.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AllowBannedAccountsAttribute : Attribute;

/// <summary>An admin banned an account (<paramref name="Banned"/>) or lifted its ban: what it wrote in public goes or comes back.</summary>
/// <param name="UserId">The account.</param>
/// <param name="Banned">Whether it is banned now.</param>
public sealed record AccountBanChanged(int UserId, bool Banned);

/// <summary>
/// An account being closed: the name and address the site knew the person by, which every module forgets in the
/// closing transaction. What they published stays published, with these replaced.
/// </summary>
/// <param name="UserId">The account.</param>
/// <param name="FormerName">The name it had.</param>
/// <param name="FormerEmail">The address it had.</param>
public sealed record ClosingAccount(int UserId, string FormerName, string FormerEmail)
{
    public const string NameRemoved = "[name removed]";
    public const string EmailRemoved = "[email removed]";

    /// <summary>The text with the person's name (also "Mr Surname", "Ms Surname"...) and email address replaced.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public string? Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        var words = FormerName.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(System.Text.RegularExpressions.Regex.Escape).ToArray();
        var result = FormerEmail.Length > 0 ? text.Replace(FormerEmail, EmailRemoved, StringComparison.OrdinalIgnoreCase) : text;
        if (words.Length == 0)
        {
            return result;
        }
        var pattern = $@"\b{string.Join(@"\s+", words)}\b";
        if (words.Length > 1)
        {
            pattern += $@"|\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+{words[^1]}\b";
        }
        return System.Text.RegularExpressions.Regex.Replace(result, pattern, NameRemoved,
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}

/// <summary>A module's part in closing an account: it forgets what it holds of the person, in the closing transaction.</summary>
public interface IAccountClosureStep
{
    Task ForgetAsync(ClosingAccount account, CancellationToken cancellationToken);
}

/// <summary>A module's part in a person's data download: it adds its files (JSON) to the archive.</summary>
public interface IPersonalDataSource
{
    Task WriteAsync(int userId, System.IO.Compression.ZipArchive archive, CancellationToken cancellationToken);
}
