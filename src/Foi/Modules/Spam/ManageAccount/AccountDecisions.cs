using Foi.Common.Data;
using Foi.Modules.Spam.Domain;
using Foi.Modules.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Spam.ManageAccount;

/// <summary>
/// Carries out an admin's decision on an account: the ban or trust on the profile, the verdict on its spam
/// assessment, and the record of who decided what and why. The queue and the account page both use it.
/// </summary>
internal sealed class AccountDecisions(FoiDbContext db, IUserProfiles profiles, TimeProvider time)
{
    /// <summary>The length of the reason columns (the profile's ban reason and the spam action's).</summary>
    public const int MaxReasonLength = 500;

    /// <summary>False when there is no such account.</summary>
    public async Task<bool> ApplyAsync(int userId, AccountDecision decision, string? reason, string by, CancellationToken cancellationToken)
    {
        if (await profiles.GetAsync(userId, cancellationToken) is null)
        {
            return false;
        }
        var assessment = await db.Set<SpamAssessment>().SingleOrDefaultAsync(a => a.UserId == userId, cancellationToken);
        switch (decision)
        {
            case AccountDecision.Ban:
                await profiles.SetBanAsync(userId, reason, cancellationToken);
                assessment?.Review(SpamVerdict.Banned);
                break;
            case AccountDecision.Unban:
                await profiles.SetBanAsync(userId, null, cancellationToken);
                assessment?.Review(SpamVerdict.NotSpam);
                break;
            case AccountDecision.NotSpam:
                assessment?.Review(SpamVerdict.NotSpam);
                break;
            case AccountDecision.Trust or AccountDecision.Distrust:
                await profiles.SetTrustedAsync(userId, decision == AccountDecision.Trust, cancellationToken);
                break;
            case AccountDecision.Leave:
                break;
        }
        db.Add(SpamAction.Record(userId, decision, reason, by, time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
