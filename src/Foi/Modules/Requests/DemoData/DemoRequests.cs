using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Requests.FileRequest;
using Foi.Modules.Users.Contracts;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Foi.Modules.Requests.DemoData;

/// <summary>
/// A few requests to the demo authorities, so a newcomer's first look shows what the site is for: a successful one
/// with an attachment, one refused, one where the authority asked for a clarification and got it, one still waiting.
/// The replies come in through the same pipeline as real mail. Only into a site with no request yet.
/// </summary>
internal sealed class DemoRequests(
    FoiDbContext db,
    FileRequestHandler requests,
    IAuthorityDirectory authorities,
    IDemoAccounts accounts,
    IMailDrop mailDrop,
    IRequestAddresses addresses,
    SendFollowUp.FollowUpHandler followUps,
    SiteClock clock)
{
    private const string RequesterName = "Dana Demo";

    public async Task<int> SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (await db.Set<InfoRequest>().AnyAsync(cancellationToken))
        {
            return 0;
        }
        var requester = await accounts.EnsureAsync(RequesterName, "dana.demo@people.example", cancellationToken);
        var filed = 0;

        if (await FileAsync(requester, "ministry-of-silly-walks", "Silly walk grant budget for 2025",
                "Please send me the silly walk grant budget for 2025 and what was spent of it.", cancellationToken) is { } grants)
        {
            var attachment = new MimePart("text", "csv")
            {
                Content = new MimeContent(new MemoryStream("walk,amount\nthe long stride,1200\nthe wobbly hop,850\n"u8.ToArray())),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = "grant-budget-2025.csv",
            };
            await ReplyAsync(grants, "foi@silly-walks.gov.example", "Please find attached the budget and what was spent.", attachment, cancellationToken);
            await ClassifyAsync(grants.Id, RequestState.Successful, cancellationToken);
            filed++;
        }
        if (await FileAsync(requester, "royal-infirmary-of-middlemarch", "Agency staff spending by ward in 2025",
                "Please send me the amount spent on agency nursing staff in 2025, by ward.", cancellationToken) is { } agency)
        {
            await ReplyAsync(agency, "foi@middlemarch-infirmary.nhs.example",
                "We hold this information but are withholding it: releasing it would prejudice our commercial interests.", null, cancellationToken);
            await ClassifyAsync(agency.Id, RequestState.Rejected, cancellationToken);
            filed++;
        }
        if (await FileAsync(requester, "borsetshire-county-council", "Potholes repaired by month in 2026",
                "Please send me the number of potholes repaired in 2026, by month.", cancellationToken) is { } potholes)
        {
            await ReplyAsync(potholes, "information.requests@borsetshire.example",
                "Could you tell us whether you mean the whole county or one district?", null, cancellationToken);
            await ClassifyAsync(potholes.Id, RequestState.WaitingClarification, cancellationToken);
            await ClarifyAsync(potholes, requester, "information.requests@borsetshire.example", "The whole county, please.", cancellationToken);
            filed++;
        }
        if (await FileAsync(requester, "ambridge-parish-council", "Bookings of the village hall in 2026",
                "Please send me the number of bookings of the village hall in each month of 2026.", cancellationToken) is not null)
        {
            filed++;
        }
        return filed;
    }

    private async Task<InfoRequest?> FileAsync(int requester, string authoritySlug, string title, string ask, CancellationToken cancellationToken)
    {
        var authority = await authorities.FindBySlugAsync(authoritySlug, cancellationToken);
        if (authority is null || !authority.CanReceiveRequests)
        {
            return null;
        }
        return await requests.FileAsync(requester, RequesterName, authority, title,
            $"Dear {authority.Name},\n\n{ask}\n\nYours faithfully,\n\n{RequesterName}", cancellationToken);
    }

    private async Task ReplyAsync(InfoRequest request, string from, string text, MimeEntity? attachment, CancellationToken cancellationToken)
    {
        var reply = new MimeMessage { Subject = $"RE: Freedom of Information request - {request.Title}", Date = clock.UtcNow, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("demo.example") };
        reply.From.Add(MailboxAddress.Parse(from));
        reply.To.Add(MailboxAddress.Parse(addresses.AddressFor(request.Id)));
        var body = new TextPart("plain") { Text = $"Dear {RequesterName},\n\n{text}\n\nYours sincerely,\n\nInformation Officer" };
        reply.Body = attachment is null ? body : new Multipart("mixed") { body, attachment };
        using var bytes = new MemoryStream();
        await reply.WriteToAsync(bytes, cancellationToken);
        await mailDrop.ReceiveAndRouteAsync(bytes.ToArray(), addresses.AddressFor(request.Id), "demo", cancellationToken);
    }

    private async Task ClassifyAsync(int requestId, RequestState state, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear(); // the reply was published through another unit of work
        var request = await db.Set<InfoRequest>().SingleAsync(r => r.Id == requestId, cancellationToken);
        request.Classify(state, clock.UtcNow);
        db.Add(RequestEvent.Record(request.Id, "classified", clock.UtcNow, request.UserId, state));
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task ClarifyAsync(InfoRequest filed, int requester, string to, string text, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var request = await db.Set<InfoRequest>().SingleAsync(r => r.Id == filed.Id, cancellationToken);
        await followUps.SendAsync(request, requester, RequesterName, OutgoingKind.Clarification, to,
            $"Dear Information Officer,\n\n{text}\n\nYours faithfully,\n\n{RequesterName}", submissionId: null, cancellationToken);
    }
}
