using Foi.Common.Data;
using Foi.Common.Events;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Spam.Contracts;
using Foi.Modules.Spam.Domain;
using Foi.Modules.Users.Contracts;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Foi.Modules.Spam.ScoreProfiles;

/// <summary>Scores a real account from its profile, what it has done and its neighbours, and keeps the result.</summary>
internal sealed class AccountAssessor(FoiDbContext db, SpamScorer scorer, IUserProfiles profiles, IRequestActivity activity, TimeProvider time)
    : IEventHandler<UserSignedUp>, IEventHandler<ProfileChanged>, ISpamStatus
{
    public Task HandleAsync(UserSignedUp domainEvent, CancellationToken cancellationToken) => AssessAsync(domainEvent.UserId, cancellationToken);

    public Task HandleAsync(ProfileChanged domainEvent, CancellationToken cancellationToken) => AssessAsync(domainEvent.UserId, cancellationToken);

    public async Task<bool> IsFlaggedAsync(int userId, CancellationToken cancellationToken) =>
        await db.Set<SpamAssessment>().AnyAsync(a => a.UserId == userId && a.Verdict == SpamVerdict.Flagged, cancellationToken);

    /// <summary>Scores one account; true if it became flagged.</summary>
    public async Task<bool> AssessAsync(int userId, CancellationToken cancellationToken)
    {
        var profile = await profiles.GetAsync(userId, cancellationToken);
        if (profile is null)
        {
            return false;
        }
        var done = await activity.OfAsync(userId, cancellationToken);
        var facts = new ProfileFacts(
            profile.Name, profile.Email, profile.AboutMe, profile.SignupIp, profile.SignupUserAgent, profile.CreatedAt, profile.ProfileUpdatedAt,
            done.Requests, done.Annotations,
            string.IsNullOrWhiteSpace(profile.AboutMe) ? 0 : await profiles.CountSameAboutMeAsync(userId, profile.AboutMe, cancellationToken),
            profile.SignupIp is null ? 0 : await profiles.CountSignupsFromAsync(profile.SignupIp, profile.CreatedAt, cancellationToken));
        var score = scorer.Score(facts);
        var assessment = await db.Set<SpamAssessment>().SingleOrDefaultAsync(a => a.UserId == userId, cancellationToken);
        if (assessment is null)
        {
            assessment = SpamAssessment.For(userId);
            db.Add(assessment);
        }
        var flagged = assessment.Record(score.Total, score.Fired.Select(f => (f.Name, f.Weight, f.Reason)), profile.ProfileVersion, score.IsSpam, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return flagged;
    }
}

/// <summary>Once a day, scores again the accounts that signed up or changed their profile in the last two days.</summary>
[DisallowConcurrentExecution]
internal sealed class SpamSweepJob(AccountAssessor assessor, IUserProfiles profiles, TimeProvider time) : IJob
{
    public static readonly JobKey Key = new("spam-sweep", "spam");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        foreach (var id in await profiles.ChangedSinceAsync(time.GetUtcNow().AddDays(-2), cancellationToken))
        {
            await assessor.AssessAsync(id, cancellationToken);
        }
    }
}
