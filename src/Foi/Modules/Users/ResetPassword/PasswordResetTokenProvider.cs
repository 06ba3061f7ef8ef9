using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Users.ResetPassword;

/// <summary>
/// Reset links live two hours (<see cref="AccountOptions"/>), not the three days of a confirmation link: a reset link in an old mailbox should not
/// open the account. Like every Identity token it is bound to its purpose, the account and its security stamp, which
/// the reset itself changes, so a link works once.
/// </summary>
internal sealed class PasswordResetTokenProvider(
    IDataProtectionProvider dataProtectionProvider,
    IOptions<PasswordResetTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<User>> logger)
    : DataProtectorTokenProvider<User>(dataProtectionProvider, options, logger)
{
    public const string ProviderName = "PasswordReset";
}

internal sealed class PasswordResetTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public PasswordResetTokenProviderOptions()
    {
        Name = PasswordResetTokenProvider.ProviderName;
    }
}
