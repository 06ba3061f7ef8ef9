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
internal sealed class AccountAssessor(FoiDbContext db, SpamScorer scorer, IUserProfiles profiles, IRequestActivity activity, IActionBudget budget, TimeProvider time, Microsoft.Extensions.Options.IOptions<SpamOptions> options)
    : IEventHandler<UserSignedUp>, IEventHandler<ProfileChanged>, IEventHandler<Foi.Modules.Requests.Contracts.AccountActed>, ISpamStatus, IActivityLimits
{
    public async Task<string?> SignUpRefusalAsync(string? ip, CancellationToken cancellationToken) =>
        !await budget.TryTakeAsync($"sign-up:client:{ip ?? "unknown"}", options.Value.Limits.SignUpsPerIpPerHour, TimeSpan.FromHours(1), cancellationToken)
            ? "Too many accounts have been created from your network in the last hour. Please try again later."
            : null;

    public async Task<string?> DraftRefusalAsync(string? ip, CancellationToken cancellationToken) =>
        !await budget.TryTakeAsync($"draft:client:{ip ?? "unknown"}", options.Value.Limits.AnonymousDraftsPerIpPerHour, TimeSpan.FromHours(1), cancellationToken)
            ? "Many requests have been drafted from your network without signing in in the last hour. Please sign in or create an account first; your text is kept on this page."
            : null;

    public async Task<string?> RequestRefusalAsync(int userId, bool isAdmin, CancellationToken cancellationToken) =>
        !await ExemptAsync(userId, isAdmin, cancellationToken)
        && !await budget.TryTakeAsync($"request:user:{userId}", options.Value.Limits.RequestsPerUserPerDay, TimeSpan.FromDays(1), cancellationToken)
            ? $"You have made {options.Value.Limits.RequestsPerUserPerDay} requests in the last 24 hours, the most we allow. Please send this one tomorrow; your text is kept on this page."
            : null;

    public async Task<string?> CommentRefusalAsync(int userId, bool isAdmin, CancellationToken cancellationToken) =>
        !await ExemptAsync(userId, isAdmin, cancellationToken)
        && !await budget.TryTakeAsync($"comment:user:{userId}", options.Value.Limits.CommentsPerUserPerHour, TimeSpan.FromHours(1), cancellationToken)
            ? $"You have written {options.Value.Limits.CommentsPerUserPerHour} comments in the last hour, the most we allow. Please wait a while."
            : null;

    /// <summary>The configured lists plus what admins added at /admin/spam/lists.</summary>
    private async Task<SpamScorer> ScorerWithAdminListsAsync(CancellationToken cancellationToken)
    {
        var added = await db.Set<SpamListEntry>().AsNoTracking().ToListAsync(cancellationToken);
        if (added.Count == 0)
        {
            return scorer;
        }
        var o = options.Value;
        List<string> With(string list, List<string> configured) => [.. configured, .. added.Where(e => e.List == list).Select(e => e.Value)];
        return new SpamScorer(new SpamOptions
        {
            Threshold = o.Threshold,
            Weights = o.Weights,
            CompanySuffixes = o.CompanySuffixes,
            Limits = o.Limits,
            SpamPhrases = With("SpamPhrases", o.SpamPhrases),
            SuspiciousDomains = With("SuspiciousDomains", o.SuspiciousDomains),
            SpamDomains = With("SpamDomains", o.SpamDomains),
            DisposableDomains = With("DisposableDomains", o.DisposableDomains),
            SpamTlds = With("SpamTlds", o.SpamTlds),
            ListedIpRanges = With("ListedIpRanges", o.ListedIpRanges),
            SuspiciousUserAgents = With("SuspiciousUserAgents", o.SuspiciousUserAgents),
        });
    }

    private async Task<bool> ExemptAsync(int userId, bool isAdmin, CancellationToken cancellationToken) =>
        isAdmin || (await profiles.GetAsync(userId, cancellationToken))?.Trusted == true;

    public Task HandleAsync(UserSignedUp domainEvent, CancellationToken cancellationToken) => AssessAsync(domainEvent.UserId, cancellationToken);

    public Task HandleAsync(ProfileChanged domainEvent, CancellationToken cancellationToken) => AssessAsync(domainEvent.UserId, cancellationToken);

    /// <summary>A request or comment changes the facts a score used ("no activity"): the queue never shows a stale reason.</summary>
    public Task HandleAsync(Foi.Modules.Requests.Contracts.AccountActed domainEvent, CancellationToken cancellationToken) => AssessAsync(domainEvent.UserId, cancellationToken);

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
            profile.SignupIp is null ? 0 : await profiles.CountSignupsFromAsync(profile.SignupIp, profile.CreatedAt, cancellationToken),
            await activity.TextsOfAsync(userId, 20, cancellationToken));
        var score = (await ScorerWithAdminListsAsync(cancellationToken)).Score(facts);
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
        var (scored, flagged) = (0, 0);
        foreach (var id in await profiles.ChangedSinceAsync(time.GetUtcNow().AddDays(-2), cancellationToken))
        {
            scored++;
            flagged += await assessor.AssessAsync(id, cancellationToken) ? 1 : 0;
        }
        context.Result = $"{scored} recently changed account(s) scored, {flagged} flagged";
    }
}
