using Foi.Common.Data;
using Foi.Common.Events;
using Foi.Common.Web;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.ShowRequest;

/// <summary>
/// A request's page shows its mail's delivery status, which the Mail module changes without touching the request: the
/// news becomes a change of the request's page in the feed, so every node's cached copy is made afresh.
/// </summary>
internal sealed class DeliveryNewsHandler(FoiDbContext db, TimeProvider time) : IEventHandler<OutgoingMailStatusChanged>
{
    // A first import of months of logs touches most requests: past this, empty the cache once instead.
    private const int MostPagesNamedOneByOne = 1000;

    public async Task HandleAsync(OutgoingMailStatusChanged changed, CancellationToken cancellationToken)
    {
        var requestIds = new HashSet<int>();
        foreach (var chunk in changed.OutgoingMailIds.Chunk(500))
        {
            requestIds.UnionWith(await db.Set<RequestMessage>().AsNoTracking()
                .Where(m => m.OutgoingMailId != null && EF.Parameter(chunk).Contains(m.OutgoingMailId.Value))
                .Select(m => m.RequestId).Distinct().ToListAsync(cancellationToken));
        }
        if (requestIds.Count == 0)
        {
            return;
        }
        var now = time.GetUtcNow();
        db.AddRange(requestIds.Count > MostPagesNamedOneByOne
            ? [Change.Of(PageCache.EveryPageTopic, 0, now)]
            : requestIds.Select(id => Change.Of(PageCache.RequestPageTopic, id, now)));
        await db.SaveChangesAsync(cancellationToken);
    }
}
