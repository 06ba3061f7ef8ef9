namespace Foi.Modules.Authorities.Contracts;

/// <summary>What other modules may know of a public authority.</summary>
/// <param name="Id">Authority id.</param>
/// <param name="Name">Full name.</param>
/// <param name="ShortName">Short name or abbreviation; may be empty.</param>
/// <param name="Slug">URL slug (<c>/authority/&lt;slug&gt;</c>).</param>
/// <param name="RequestEmail">Where FOI requests are sent; null when unknown.</param>
/// <param name="CanReceiveRequests">False when there is no address or the authority is tagged defunct or not_apply.</param>
/// <param name="Law">The key of the law it answers under, or null for the site's default.</param>
public sealed record AuthoritySummary(
    int Id,
    string Name,
    string ShortName,
    string Slug,
    string? RequestEmail,
    bool CanReceiveRequests,
    string? Law = null);

/// <summary>Looks up authorities for other modules.</summary>
public interface IAuthorityDirectory
{
    /// <summary>One authority by id, or null.</summary>
    Task<AuthoritySummary?> FindAsync(int id, CancellationToken cancellationToken);

    /// <summary>One authority by URL slug, or null.</summary>
    Task<AuthoritySummary?> FindBySlugAsync(string slug, CancellationToken cancellationToken);

    /// <summary>Several authorities by id; unknown ids are left out.</summary>
    Task<IReadOnlyDictionary<int, AuthoritySummary>> FindManyAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken);

    /// <summary>Authorities whose request email is at this domain (e.g. a reply from a council officer's own address).</summary>
    Task<IReadOnlyList<AuthoritySummary>> FindByEmailDomainAsync(string domain, CancellationToken cancellationToken);

    /// <summary>
    /// The ids of the authorities carrying <paramref name="tag"/>, as a query another module composes into its own, so
    /// the database joins them: a tag on ten thousand authorities sent as a list of ids cost the planner 20 ms a page.
    /// </summary>
    IQueryable<int> IdsTagged(string tag);

    /// <summary>Authorities whose name or short name contains <paramref name="query"/> (all when empty), by name.</summary>
    Task<IReadOnlyList<AuthoritySummary>> SearchAsync(string? query, int limit, CancellationToken cancellationToken);
}

/// <summary>The change feed topic (see <c>Foi.Common.Data.ChangeFeed</c>) of authorities' public details.</summary>
public static class AuthorityTopic
{
    /// <summary>Topic name.</summary>
    public const string Name = "authority";
}

/// <summary>What the public can read of an authority, for the search index.</summary>
/// <param name="Id">Authority id.</param>
/// <param name="Name">Full name.</param>
/// <param name="ShortName">Short name; may be empty.</param>
/// <param name="Slug">URL slug.</param>
/// <param name="Notes">Notes shown on its page; may be empty.</param>
/// <param name="Tags">Its tags, lower case.</param>
public sealed record SearchableAuthority(int Id, string Name, string ShortName, string Slug, string Notes, IReadOnlyList<string> Tags);

/// <summary>Reads authorities for the search index.</summary>
public interface IAuthoritySearchSource
{
    /// <summary>Authorities with an id above <paramref name="afterId"/>, in id order.</summary>
    Task<IReadOnlyList<SearchableAuthority>> PageAsync(int afterId, int limit, CancellationToken cancellationToken);

    /// <summary>These authorities as they are now; an id missing from the answer no longer exists.</summary>
    Task<IReadOnlyList<SearchableAuthority>> FindAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken);
}

/// <summary>Who holds an authority API key that was just presented.</summary>
/// <param name="KeyId">The key's id (for the request's history).</param>
/// <param name="AuthorityId">The one authority whose requests the key reaches.</param>
/// <param name="Label">What the admin called the key.</param>
/// <param name="Prefix">The key's first characters, as the admin page shows them.</param>
public sealed record AuthorityKeyHolder(int KeyId, int AuthorityId, string Label, string Prefix);

/// <summary>Checks the keys authorities' case-management systems use with the API.</summary>
public interface IAuthorityApiKeys
{
    /// <summary>The holder of <paramref name="presentedKey"/> when it is a live key (issued, not revoked); null otherwise. Notes when it was used.</summary>
    Task<AuthorityKeyHolder?> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken);
}
