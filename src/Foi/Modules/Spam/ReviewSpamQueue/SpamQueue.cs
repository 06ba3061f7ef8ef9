using Foi.Common.Data;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Spam.Domain;
using Foi.Modules.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Spam.ReviewSpamQueue;

internal sealed record FiredRule(string Name, double Weight, string Reason);

internal sealed record FlaggedAccount(UserProfile Profile, double Score, IReadOnlyList<FiredRule> Rules, UserActivity Activity);

/// <summary>The accounts waiting for an admin, highest score first, with one query per kind of fact however many there are.</summary>
internal sealed class SpamQueue(FoiDbContext db, IUserProfiles profiles, IRequestActivity activity)
{
    public const int PageSize = 200;

    public async Task<IReadOnlyList<FlaggedAccount>> WaitingAsync(CancellationToken cancellationToken)
    {
        var flagged = await db.Set<SpamAssessment>().AsNoTracking().Where(a => a.Verdict == SpamVerdict.Flagged)
            .OrderByDescending(a => a.Score).Take(PageSize).ToListAsync(cancellationToken);
        var ids = flagged.Select(a => a.UserId).ToList();
        var profilesById = await profiles.GetManyAsync(ids, cancellationToken);
        var activities = await activity.OfManyAsync(ids, cancellationToken);
        return flagged
            .Where(a => profilesById.ContainsKey(a.UserId))
            .Select(a => new FlaggedAccount(
                profilesById[a.UserId],
                a.Score,
                a.Rules.Select(rule => new FiredRule(rule.Name, rule.Weight, rule.Reason)).ToList(),
                activities.GetValueOrDefault(a.UserId) ?? new UserActivity(0, 0)))
            .ToList();
    }
}
