using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Themes.Contracts;
using Foi.Modules.Users.Contracts;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Requests;

/// <summary>The site's emails to a requester about their request (new response, bounce, reminders), through the outbox.</summary>
internal sealed class RequesterMail(IMailOutbox outbox, IUserDirectory users, ISiteTheme theme, IOptions<SiteOptions> site, FoiDbContext db)
{
    public string LinkTo(InfoRequest request, string? anchor = null) =>
        $"{site.Value.BaseUrl.TrimEnd('/')}/request/{request.Slug}{(anchor is null ? "" : "#" + anchor)}";

    /// <summary>Queues the email in the caller's unit of work; returns its id to send after saving, or null without a requester.</summary>
    public async Task<Guid?> QueueAsync(InfoRequest request, string subject, string body, CancellationToken cancellationToken)
    {
        var requester = await users.FindAsync(request.UserId, cancellationToken);
        if (requester is null || string.IsNullOrEmpty(requester.Email))
        {
            return null;
        }
        var queued = outbox.Enqueue(new OutgoingEmail(theme.SiteName, null, [requester.Email], subject,
            $"""
            Dear {requester.SignsAs},

            {body.Trim()}

            -- the {theme.SiteName} team
            """, "notification"));
        return queued.Id;
    }

    public async Task SendAsync(Guid? id, CancellationToken cancellationToken)
    {
        if (id is { } mailId)
        {
            await outbox.TrySendAsync(mailId, cancellationToken);
        }
    }

    public Task SaveAsync(CancellationToken cancellationToken) => db.SaveChangesAsync(cancellationToken);
}
