using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Mail.RequestAddresses;

/// <summary>
/// <c>request-&lt;id&gt;-&lt;hash&gt;@domain</c>, where hash is the first 10 hex digits of HMAC-SHA256(secret, id):
/// a reply can be routed by the id alone, and the hash stops strangers from writing into any request by guessing ids.
/// </summary>
internal sealed partial class RequestAddressBook(string domain, byte[] secret) : IRequestAddresses
{
    private const int HashLength = 10;

    public string Domain { get; } = domain.ToLowerInvariant();

    public string AddressFor(int requestId) =>
        string.Create(CultureInfo.InvariantCulture, $"request-{requestId}-{HashOf(requestId)}@{Domain}");

    public bool TryParse(string address, out int requestId)
    {
        requestId = 0;
        var match = AddressPattern().Match(address.Trim());
        if (!match.Success || !string.Equals(match.Groups["domain"].Value, Domain, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (!int.TryParse(match.Groups["id"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(HashOf(id));
        var given = Encoding.ASCII.GetBytes(match.Groups["hash"].Value.ToLowerInvariant());
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return false;
        }
        requestId = id;
        return true;
    }

    private string HashOf(int requestId)
    {
        var mac = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(requestId.ToString(CultureInfo.InvariantCulture)));
        return Convert.ToHexStringLower(mac)[..HashLength];
    }

    [GeneratedRegex(@"^request-(?<id>[0-9]{1,10})-(?<hash>[0-9a-f]+)@(?<domain>[^@\s]+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AddressPattern();

    /// <summary>
    /// The configured secret; else the one kept in the database, made at random by the first node or process that
    /// needed it, so that every node and every `mail receive` makes and reads the same addresses. A site that kept
    /// it in the data directory before keeps that one: the addresses it published go on working.
    /// </summary>
    public static byte[] LoadSecret(MailOptions options, string dataDirectory, IServiceScopeFactory scopes, TimeProvider time)
    {
        if (!string.IsNullOrWhiteSpace(options.AddressSecret))
        {
            return Encoding.UTF8.GetBytes(options.AddressSecret);
        }
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
        var stored = db.Set<MailSecret>().AsNoTracking().SingleOrDefault(s => s.Name == MailSecret.RequestAddresses);
        if (stored is not null)
        {
            return Encoding.UTF8.GetBytes(stored.Value);
        }
        var kept = Path.Combine(dataDirectory, "request-address-secret");
        var value = File.Exists(kept) ? File.ReadAllText(kept).Trim() : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        db.Add(MailSecret.Of(MailSecret.RequestAddresses, value, time.GetUtcNow()));
        try
        {
            db.SaveChanges();
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            // Another node or process made it first: everyone uses theirs.
            using var again = scopes.CreateScope();
            value = again.ServiceProvider.GetRequiredService<FoiDbContext>().Set<MailSecret>().AsNoTracking()
                .Single(s => s.Name == MailSecret.RequestAddresses).Value;
        }
        return Encoding.UTF8.GetBytes(value);
    }
}
