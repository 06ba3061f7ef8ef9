using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Foi.Modules.Mail.Contracts;

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

    /// <summary>The configured secret, or one made at random on first use and kept in the data directory.</summary>
    public static byte[] LoadSecret(MailOptions options, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(options.AddressSecret))
        {
            return Encoding.UTF8.GetBytes(options.AddressSecret);
        }
        var path = Path.Combine(dataDirectory, "request-address-secret");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dataDirectory);
            var fresh = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            try
            {
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                stream.Write(Encoding.ASCII.GetBytes(fresh));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made it first; use theirs.
            }
        }
        return Encoding.UTF8.GetBytes(File.ReadAllText(path).Trim());
    }
}
