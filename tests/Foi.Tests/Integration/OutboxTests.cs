using Foi.Common.Data;
using Foi.Common.Events;
using Foi.Modules.Mail.Contracts;
using Foi.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Integration;

/// <summary>The transactional outbox: an event saved but never handed over (the process died) still takes effect, once.</summary>
internal sealed class OutboxTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    [Test]
    public async Task An_event_saved_before_a_crash_is_dispatched_later_and_takes_effect_once()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var before = Mailbox.To(Site.PickupDirectory, request.RequesterEmail).Count;
        var eventId = await InScopeAsync(async s =>
        {
            // What a save leaves when the process dies right after committing: the row, and no dispatch.
            var outbox = new EventOutbox(s.GetRequiredService<FoiDbContext>(), TimeProvider.System, s.GetRequiredService<OutboxDispatcher>());
            outbox.Enqueue(new OutgoingMailBounced(request.OutgoingMailId, "550 5.1.1 no such user"));
            var db = s.GetRequiredService<FoiDbContext>();
            await db.SaveChangesAsync();
            return await db.Set<OutboxEvent>().Where(e => e.DispatchedAt == null).OrderByDescending(e => e.OccurredAt).Select(e => e.Id).FirstAsync();
        });

        // The background dispatcher finds it within seconds.
        var notice = Mailbox.LatestTo(Site.PickupDirectory, request.RequesterEmail, before + 1);
        (notice.Subject ?? "").ShouldContain("could not be delivered");
        for (var i = 0; i < 40 && !await DispatchedAsync(eventId); i++)
        {
            await Task.Delay(250);
        }
        (await DispatchedAsync(eventId)).ShouldBeTrue();

        // Dispatched again, by a second node or after a lost acknowledgement: nothing more happens.
        await InScopeAsync(async s =>
        {
            await s.GetRequiredService<FoiDbContext>().Set<OutboxEvent>().Where(e => e.Id == eventId)
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.DispatchedAt, (DateTimeOffset?)null).SetProperty(e => e.NotBefore, (DateTimeOffset?)null));
            await s.GetRequiredService<OutboxDispatcher>().DispatchOneAsync(eventId, CancellationToken.None);
            return 0;
        });
        await Task.Delay(500);
        Mailbox.To(Site.PickupDirectory, request.RequesterEmail).Count.ShouldBe(before + 1);
        (await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<HandledEvent>().CountAsync(h => h.EventId == eventId))).ShouldBe(1);
    }

    private async Task<bool> DispatchedAsync(Guid id) =>
        await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<OutboxEvent>().AnyAsync(e => e.Id == id && e.DispatchedAt != null));
}
