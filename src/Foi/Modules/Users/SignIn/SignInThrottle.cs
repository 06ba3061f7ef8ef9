using Foi.Common.Site;
using Foi.Modules.Spam.Contracts;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Users.SignIn;

/// <summary>
/// Guessing passwords is limited per client, and per address and client together, so a stranger cannot lock the owner
/// out; a higher limit per address holds back many clients at once, except against a browser the owner signed in
/// from before. Every attempt takes its units before the password is checked (racing guesses cannot pass the limit),
/// and a right password gives them back. Unknown addresses go through the same steps, so the answer and its time
/// tell nobody whether an account exists.
/// </summary>
internal sealed class SignInThrottle(IActionBudget budget, IOptions<AccountOptions> options)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan AddressWindow = TimeSpan.FromHours(1);

    /// <summary>Takes the attempt's units, or says why this attempt is refused without looking at the password.</summary>
    public async Task<string?> BeginAsync(string email, string client, bool knownDevice, CancellationToken cancellationToken)
    {
        if (!await budget.TryTakeAsync($"sign-in:client:{client}", options.Value.SignInAttemptsPerClient, Window, cancellationToken))
        {
            return "Too many sign-in attempts from your network. Please wait 15 minutes, or reset your password.";
        }
        if (!await budget.TryTakeAsync(AddressAndClient(email, client), options.Value.WrongPasswordsPerAccountAndClient, Window, cancellationToken))
        {
            return "Too many wrong passwords for this account from your network. Please wait 15 minutes, or reset your password.";
        }
        if (!knownDevice && !await budget.TryTakeAsync(Address(email), options.Value.WrongPasswordsPerAccount, AddressWindow, cancellationToken))
        {
            await budget.GiveBackAsync(AddressAndClient(email, client), Window, cancellationToken);
            return "Too many wrong passwords for this account. Sign in from a browser you used before, or reset your password.";
        }
        return null;
    }

    /// <summary>A right password: the units of the address come back, so the owner's own sign-ins never count.</summary>
    public async Task SucceededAsync(string email, string client, bool knownDevice, CancellationToken cancellationToken)
    {
        await budget.GiveBackAsync(AddressAndClient(email, client), Window, cancellationToken);
        if (!knownDevice)
        {
            await budget.GiveBackAsync(Address(email), AddressWindow, cancellationToken);
        }
    }

    private static string AddressAndClient(string email, string client) => $"sign-in:wrong:{Normal(email)}:{client}";

    private static string Address(string email) => $"sign-in:wrong:{Normal(email)}";

    private static string Normal(string email) => email.Trim().ToUpperInvariant();
}

/// <summary>
/// Browsers an account signed in from: a cookie the site alone can read, listing the last few accounts. It lets the
/// owner in while strangers have tripped the per-account limit.
/// </summary>
internal sealed class KnownDevices(IDataProtectionProvider protection, IOptions<SiteOptions> site, TimeProvider time)
{
    private const int MaxAccounts = 5;
    private readonly IDataProtector protector = protection.CreateProtector("Foi.Users.KnownDevice");

    private string CookieName => site.Value.CookieName("device");

    public bool Knows(HttpRequest request, int? userId) => userId is { } id && Read(request).Contains(id);

    public void Remember(HttpContext context, int userId)
    {
        var ids = Read(context.Request).Where(i => i != userId).Prepend(userId).Take(MaxAccounts);
        context.Response.Cookies.Append(CookieName, protector.Protect(string.Join(',', ids)), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = site.Value.IsHttps || context.Request.IsHttps,
            Expires = time.GetUtcNow().AddYears(1),
            IsEssential = true,
        });
    }

    private List<int> Read(HttpRequest request)
    {
        if (request.Cookies[CookieName] is not { Length: > 0 and < 4096 } value)
        {
            return [];
        }
        try
        {
            return protector.Unprotect(value).Split(',')
                .Select(part => int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : 0)
                .Where(id => id > 0).ToList();
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return []; // forged, or made with keys this site no longer has
        }
    }
}

/// <summary>Hashes or checks a password against a throw-away hash, so an unknown address costs as much as a real one.</summary>
internal sealed class DecoyPassword(IPasswordHasher<User> hasher)
{
    private static string? decoyHash;

    public void Check(string password) =>
        hasher.VerifyHashedPassword(new User(), decoyHash ??= hasher.HashPassword(new User(), Guid.NewGuid().ToString()), password);

    public void Hash(string password) => hasher.HashPassword(new User(), password);
}
