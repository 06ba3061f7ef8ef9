namespace Foi.Modules.Users;

/// <summary>The "Accounts" section: how long mailed links work, and how much a stranger may try.</summary>
internal sealed class AccountOptions
{
    public const string Section = "Accounts";

    public TimeSpan ConfirmationLinkLifetime { get; set; } = TimeSpan.FromDays(3);

    public TimeSpan ResetLinkLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Sign-in attempts from one client (IP address) in 15 minutes, whatever the accounts.</summary>
    public int SignInAttemptsPerClient { get; set; } = 30;

    /// <summary>Wrong passwords for one account from one client in 15 minutes.</summary>
    public int WrongPasswordsPerAccountAndClient { get; set; } = 5;

    /// <summary>Wrong passwords for one account from all clients in an hour; a browser the owner used before is let through.</summary>
    public int WrongPasswordsPerAccount { get; set; } = 50;

    /// <summary>Reset links asked for by one client in an hour.</summary>
    public int ResetRequestsPerClientPerHour { get; set; } = 20;

    /// <summary>Account mails (confirmation, reset, "you already have an account") a stranger can make the site send to one address in an hour.</summary>
    public int MailsPerAddressPerHour { get; set; } = 3;

    public bool IsValid() =>
        ConfirmationLinkLifetime > TimeSpan.Zero && ResetLinkLifetime > TimeSpan.Zero && SignInAttemptsPerClient > 0
        && WrongPasswordsPerAccountAndClient > 0 && WrongPasswordsPerAccount > 0 && ResetRequestsPerClientPerHour > 0 && MailsPerAddressPerHour > 0;
}
