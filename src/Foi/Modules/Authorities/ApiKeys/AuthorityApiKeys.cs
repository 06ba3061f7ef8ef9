using System.Security.Cryptography;
using System.Text;
using Foi.Common.Data;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Authorities.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Authorities.ApiKeys;

internal sealed record ApiKeyRow(int Id, string Label, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>Issues, lists, revokes and checks the authorities' API keys.</summary>
internal sealed class AuthorityApiKeys(FoiDbContext db, TimeProvider time) : IAuthorityApiKeys
{
    /// <summary>Marks the keys this site issues, so one pasted into the wrong place is recognised (and secret scanners can find it).</summary>
    public const string KeyStart = "foi_ak_";
    private const int PrefixLength = 12;

    /// <summary>Makes a key for the authority and keeps only its hash; the key is returned this once.</summary>
    public async Task<string> IssueAsync(int authorityId, string label, int byUserId, CancellationToken cancellationToken)
    {
        var key = KeyStart + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        db.Add(AuthorityApiKey.Issue(authorityId, label.Trim(), key[..PrefixLength], HashOf(key), byUserId, time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return key;
    }

    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(int authorityId, CancellationToken cancellationToken) =>
        await db.Set<AuthorityApiKey>().AsNoTracking().Where(k => k.AuthorityId == authorityId).OrderByDescending(k => k.Id)
            .Select(k => new ApiKeyRow(k.Id, k.Label, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt)).ToListAsync(cancellationToken);

    public async Task<bool> RevokeAsync(int authorityId, int keyId, int byUserId, CancellationToken cancellationToken)
    {
        var key = await db.Set<AuthorityApiKey>().SingleOrDefaultAsync(k => k.Id == keyId && k.AuthorityId == authorityId, cancellationToken);
        if (key is null)
        {
            return false;
        }
        key.Revoke(byUserId, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<AuthorityKeyHolder?> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken)
    {
        if (!presentedKey.StartsWith(KeyStart, StringComparison.Ordinal) || presentedKey.Length > 100)
        {
            return null;
        }
        // Looked up by the hash of what was presented: equal hashes, not a character-by-character comparison of secrets.
        var hash = HashOf(presentedKey);
        var key = await db.Set<AuthorityApiKey>().AsNoTracking().SingleOrDefaultAsync(k => k.Hash == hash, cancellationToken);
        if (key is null || key.IsRevoked)
        {
            return null;
        }
        var now = time.GetUtcNow();
        if (key.LastUsedAt is not { } last || now - last >= AuthorityApiKey.LastUsedPrecision)
        {
            await db.Set<AuthorityApiKey>().Where(k => k.Id == key.Id).ExecuteUpdateAsync(k => k.SetProperty(x => x.LastUsedAt, now), cancellationToken);
        }
        return new AuthorityKeyHolder(key.Id, key.AuthorityId, key.Label, key.Prefix);
    }

    private static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
