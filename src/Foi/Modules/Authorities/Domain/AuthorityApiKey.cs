namespace Foi.Modules.Authorities.Domain;

/// <summary>
/// A key an authority's case-management system uses to answer its requests through the API. Only a hash is kept: the
/// key itself is shown once, when issued. Keys are long random strings, so a plain SHA-256 is as good as a slow hash.
/// </summary>
internal sealed class AuthorityApiKey
{
    /// <summary>How often the last-used time is written: a busy system need not write on every call.</summary>
    public static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    private AuthorityApiKey()
    {
    }

    public int Id { get; private set; }
    public int AuthorityId { get; private set; }

    /// <summary>What the admin called it ("Casework system, live").</summary>
    public string Label { get; private set; } = "";

    /// <summary>The key's first characters, so an admin can tell keys apart without the key.</summary>
    public string Prefix { get; private set; } = "";

    /// <summary>SHA-256 of the whole key, lower-case hex.</summary>
    public string Hash { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public int CreatedByUserId { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
    public int? RevokedByUserId { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    public static AuthorityApiKey Issue(int authorityId, string label, string prefix, string hash, int byUserId, DateTimeOffset now) => new()
    {
        AuthorityId = authorityId,
        Label = label.Length > 100 ? label[..100] : label,
        Prefix = prefix,
        Hash = hash,
        CreatedAt = now,
        CreatedByUserId = byUserId,
    };

    public void Revoke(int byUserId, DateTimeOffset now)
    {
        if (RevokedAt is null)
        {
            (RevokedAt, RevokedByUserId) = (now, byUserId);
        }
    }
}
