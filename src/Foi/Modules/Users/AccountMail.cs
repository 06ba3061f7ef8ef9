using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Themes.Contracts;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Users;

/// <summary>The account emails: confirmation and password reset links, sent through the Mail module's outbox.</summary>
internal sealed class AccountMail(
    UserManager<User> users,
    IMailOutbox outbox,
    FoiDbContext db,
    ISiteTheme theme,
    IOptions<SiteOptions> site)
{
    public async Task SendConfirmationAsync(User user, string? returnUrl, CancellationToken cancellationToken)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var link = Link("/confirm-email", ("user", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("token", token), ("returnUrl", returnUrl));
        await SendAsync(user, $"Confirm your account on {theme.SiteName}",
            $"""
            Hello {user.Name},

            Please confirm your email address by opening this link:

            {link}

            If you did not sign up on {theme.SiteName}, you can ignore this email.

            -- the {theme.SiteName} team
            """, cancellationToken);
    }

    public async Task SendPasswordResetAsync(User user, CancellationToken cancellationToken)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = Link("/reset-password", ("user", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("token", token));
        await SendAsync(user, $"Reset your password on {theme.SiteName}",
            $"""
            Hello {user.Name},

            Someone asked to reset the password of your account. To choose a new password, open this link:

            {link}

            If it was not you, ignore this email: your password stays as it is.

            -- the {theme.SiteName} team
            """, cancellationToken);
    }

    private string Link(string path, params (string Name, string? Value)[] query)
    {
        var parameters = query.Where(q => !string.IsNullOrEmpty(q.Value))
            .Select(q => $"{Uri.EscapeDataString(q.Name)}={Uri.EscapeDataString(q.Value!)}");
        return $"{site.Value.BaseUrl.TrimEnd('/')}{path}?{string.Join('&', parameters)}";
    }

    private async Task SendAsync(User user, string subject, string body, CancellationToken cancellationToken)
    {
        var queued = outbox.Enqueue(new OutgoingEmail(theme.SiteName, null, [user.Email!], subject, body, "account"));
        await db.SaveChangesAsync(cancellationToken);
        await outbox.TrySendAsync(queued.Id, cancellationToken);
    }
}
