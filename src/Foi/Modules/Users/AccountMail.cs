using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Spam.Contracts;
using Foi.Modules.Themes.Contracts;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Users;

/// <summary>
/// The account emails: confirmation and password reset links, and the notice to an owner whose address someone tried
/// to sign up with. Each is saved to the Mail module's outbox and handed to <see cref="AccountMailQueue"/>, so the page
/// answers as fast whether or not a mail was due (nobody learns from the time who has an account); the outbox's retry
/// job sends whatever a stopped process left. A stranger can make the site mail an address at most
/// <see cref="AccountOptions.MailsPerAddressPerHour"/> times an hour.
/// </summary>
internal sealed class AccountMail(
    UserManager<User> users,
    IMailOutbox outbox,
    FoiDbContext db,
    ISiteTheme theme,
    IOptions<SiteOptions> site,
    IActionBudget budget,
    IOptions<AccountOptions> options,
    AccountMailQueue queue)
{
    /// <summary>Takes one of the address's mails for this hour; false when they are used up.</summary>
    public Task<bool> MayMailAsync(string email, CancellationToken cancellationToken) =>
        budget.TryTakeAsync($"account-mail:{email.Trim().ToUpperInvariant()}", options.Value.MailsPerAddressPerHour, TimeSpan.FromHours(1), cancellationToken);

    public async Task SendAlreadyRegisteredAsync(User user, CancellationToken cancellationToken)
    {
        var signIn = Link("/sign-in");
        var reset = Link("/forgot-password");
        await SendAsync(user, $"Your account on {theme.SiteName}",
            $"""
            Hello {user.Name},

            Someone, probably you, tried to sign up on {theme.SiteName} with this email address. You already have an
            account, so nothing was changed. To use it, sign in:

            {signIn}

            Forgotten your password? Choose a new one here:

            {reset}

            If it was not you, ignore this email.

            -- the {theme.SiteName} team
            """, cancellationToken);
    }

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
        if (query.Length == 0)
        {
            return $"{site.Value.BaseUrl.TrimEnd('/')}{path}";
        }
        var parameters = query.Where(q => !string.IsNullOrEmpty(q.Value))
            .Select(q => $"{Uri.EscapeDataString(q.Name)}={Uri.EscapeDataString(q.Value!)}");
        return $"{site.Value.BaseUrl.TrimEnd('/')}{path}?{string.Join('&', parameters)}";
    }

    private async Task SendAsync(User user, string subject, string body, CancellationToken cancellationToken)
    {
        var queued = outbox.Enqueue(new OutgoingEmail(theme.SiteName, null, [user.Email!], subject, body, "account"));
        await db.SaveChangesAsync(cancellationToken);
        queue.Run((services, cancellation) => services.GetRequiredService<IMailOutbox>().TrySendAsync(queued.Id, cancellation));
    }
}

/// <summary>
/// Account work done after the page has answered, one item at a time, each in a scope of its own: sending the account
/// mails, and looking up who asked for a reset (so that answer takes the same time whether the address has an account).
/// Work lost with a stopped process is either in the outbox (sent by its retry job) or asked for again by the person.
/// </summary>
internal sealed class AccountMailQueue(IServiceScopeFactory scopes, ILogger<AccountMailQueue> logger) : BackgroundService
{
    private readonly System.Threading.Channels.Channel<Func<IServiceProvider, CancellationToken, Task>> pending =
        System.Threading.Channels.Channel.CreateUnbounded<Func<IServiceProvider, CancellationToken, Task>>();

    public void Run(Func<IServiceProvider, CancellationToken, Task> work) => pending.Writer.TryWrite(work);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var work in pending.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await work(scope.ServiceProvider, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Account work failed; a saved mail is sent later by the outbox's retry job");
            }
        }
    }
}
