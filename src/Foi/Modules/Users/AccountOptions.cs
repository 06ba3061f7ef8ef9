using FluentValidation;
using Foi.Common.Site;

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

}

internal sealed class AccountOptionsValidator : AbstractValidator<AccountOptions>
{
    public AccountOptionsValidator()
    {
        RuleFor(a => a.ConfirmationLinkLifetime).GreaterThan(TimeSpan.Zero).WithMessage("must be a positive duration, such as 3.00:00:00 (three days)");
        RuleFor(a => a.ResetLinkLifetime).GreaterThan(TimeSpan.Zero).WithMessage("must be a positive duration, such as 02:00:00 (two hours)");
        RuleFor(a => a.SignInAttemptsPerClient).GreaterThan(0).WithMessage(Settings.PositiveWholeNumber);
        RuleFor(a => a.WrongPasswordsPerAccountAndClient).GreaterThan(0).WithMessage(Settings.PositiveWholeNumber);
        RuleFor(a => a.WrongPasswordsPerAccount).GreaterThan(0).WithMessage(Settings.PositiveWholeNumber);
        RuleFor(a => a.ResetRequestsPerClientPerHour).GreaterThan(0).WithMessage(Settings.PositiveWholeNumber);
        RuleFor(a => a.MailsPerAddressPerHour).GreaterThan(0).WithMessage(Settings.PositiveWholeNumber);
    }
}
