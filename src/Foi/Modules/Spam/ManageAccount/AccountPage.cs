using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Spam.Domain;
using Foi.Modules.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Spam.ManageAccount;

internal sealed record AssessmentView(double Score, SpamVerdict Verdict, int ProfileVersion, DateTimeOffset ComputedAt);

internal sealed record ActionView(DateTimeOffset At, AccountDecision Decision, string By, string? Reason)
{
    public string Done => Decision switch
    {
        AccountDecision.Ban => "banned",
        AccountDecision.Unban => "unbanned",
        AccountDecision.NotSpam => "marked not spam",
        AccountDecision.Leave => "left in the queue",
        AccountDecision.Trust => "trusted",
        AccountDecision.Distrust => "no longer trusted",
        _ => Decision.ToString(),
    };
}

/// <summary>What an admin sees about one account: the profile, the spam score, the activity and every action taken.</summary>
internal sealed record AccountPage(UserProfile Profile, UserSummary? Summary, AssessmentView? Assessment, UserActivity Activity, IReadOnlyList<ActionView> Actions, IReadOnlyList<SentMail> Mails);

internal sealed class AccountPageQuery(FoiDbContext db, IUserProfiles profiles, IUserDirectory users, IRequestActivity activity, IOutgoingMailStatuses mails)
{
    public async Task<AccountPage?> FindAsync(int id, CancellationToken cancellationToken)
    {
        var profile = await profiles.GetAsync(id, cancellationToken);
        if (profile is null)
        {
            return null;
        }
        var assessment = await db.Set<SpamAssessment>().AsNoTracking().Where(a => a.UserId == id)
            .Select(a => new AssessmentView(a.Score, a.Verdict, a.ProfileVersion, a.ComputedAt)).SingleOrDefaultAsync(cancellationToken);
        var actions = await db.Set<SpamAction>().AsNoTracking().Where(a => a.UserId == id).OrderByDescending(a => a.At)
            .Select(a => new ActionView(a.At, a.Action, a.By, a.Reason)).ToListAsync(cancellationToken);
        // Whether the site's mail reaches the person (confirmation, reset, notices) is the first thing asked when they say it does not.
        var sent = profile.Email is { Length: > 0 } email ? await mails.ToAddressAsync(email, 20, cancellationToken) : [];
        return new AccountPage(profile, await users.FindAsync(id, cancellationToken), assessment, await activity.OfAsync(id, cancellationToken), actions, sent);
    }
}
