using Foi.Common.Data;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Mail.RouteMail;
using Foi.Modules.Requests.Domain;
using Foi.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Shouldly;

namespace Foi.Tests.Mail;

/// <summary>The repair job alone, on a node whose background pickup is off (Mail:Receive:RouteInBackground).</summary>
internal sealed class RepairJobTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Mail:Receive:RouteInBackground"] = "false" };

    protected override TimeProvider Time => clock;

    private async Task<IncomingMail> StoredAsync(string? messageId) =>
        await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<IncomingMail>().AsNoTracking().SingleAsync(m => m.MessageId == messageId));

    private Task<int> RepairAsync() => InScopeAsync(s => s.GetRequiredService<RouteStoredMailJob>().RepairAsync(CancellationToken.None));

    /// <summary>A real fault in the database: inserting the delivery of one request fails, as a full disk or a bad row would.</summary>
    private async Task BreakDeliveriesToAsync(int requestId, bool broken) => await InScopeAsync(async s =>
    {
        var db = s.GetRequiredService<FoiDbContext>();
        var id = requestId.ToString(System.Globalization.CultureInfo.InvariantCulture);
#pragma warning disable EF1002 // test-made SQL with a number of its own
        if (Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync(broken
                ? $"CREATE TRIGGER fail_delivery BEFORE INSERT ON mail_incoming_deliveries WHEN NEW.\"RequestId\" = {id} BEGIN SELECT RAISE(ABORT, 'injected fault'); END;"
                : "DROP TRIGGER fail_delivery;");
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync(broken
                ? $"CREATE FUNCTION fail_delivery() RETURNS trigger AS $$ BEGIN IF NEW.\"RequestId\" = {id} THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql; " +
                  "CREATE TRIGGER fail_delivery BEFORE INSERT ON mail_incoming_deliveries FOR EACH ROW EXECUTE FUNCTION fail_delivery();"
                : "DROP TRIGGER fail_delivery ON mail_incoming_deliveries; DROP FUNCTION fail_delivery();");
        }
#pragma warning restore EF1002
        return 0;
    });

    [Test]
    public async Task A_message_that_keeps_failing_is_set_aside_for_an_admin_and_holds_back_no_other()
    {
        var broken = await RequestFixtures.FileAsync(Site);
        var healthy = await RequestFixtures.FileAsync(Site);
        await BreakDeliveriesToAsync(broken.Id, broken: true);
        var stuck = TestMessages.Reply(broken.Address, "A reply that cannot be saved");
        stuck.Body = new TextPart("plain") { Text = "Stuck." };
        var fine = TestMessages.Reply(healthy.Address, "A reply behind it");
        fine.Body = new TextPart("plain") { Text = "Published all the same." };
        (await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(stuck), waitForRouting: false)).ExitCode.ShouldBe(0);
        (await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(fine), waitForRouting: false)).ExitCode.ShouldBe(0);

        await RepairAsync();
        (await ResponsesAsync(healthy.Id)).ShouldHaveSingleItem().Body.ShouldContain("Published all the same.");
        (await StoredAsync(stuck.MessageId)).RouteAttempts.ShouldBe(1);

        for (var attempt = 2; attempt <= IncomingMail.MaxRouteAttempts; attempt++)
        {
            await RepairAsync();
            (await StoredAsync(stuck.MessageId)).RouteAttempts.ShouldBe(attempt - 1, "not tried again before its back-off");
            clock.Advance(TimeSpan.FromHours(2));
            await RepairAsync();
        }
        var setAside = await StoredAsync(stuck.MessageId);
        setAside.State.ShouldBe(IncomingState.Failed);
        setAside.RouteError!.ShouldContain("injected fault");

        var admin = await SignedInAdminAsync();
        var (_, pen, _) = await admin.GetAsync("/admin/holding-pen");
        pen.ShouldContain("Set aside: could not be routed");
        pen.ShouldContain("A reply that cannot be saved");
        pen.ShouldContain("injected fault");

        await BreakDeliveriesToAsync(broken.Id, broken: false);
        (await admin.PostFormAsync("/admin/holding-pen", new Dictionary<string, string>(), $"/admin/holding-pen/{setAside.Id}/retry")).Status.ShouldBe(System.Net.HttpStatusCode.Redirect);
        await RepairAsync();
        (await ResponsesAsync(broken.Id)).ShouldHaveSingleItem().Body.ShouldContain("Stuck.");
    }

    private async Task<List<RequestMessage>> ResponsesAsync(int requestId) =>
        await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<RequestMessage>()
            .Where(m => m.RequestId == requestId && m.Direction == MessageDirection.Incoming).ToListAsync());

    [Test]
    public async Task Mail_stored_before_a_crash_is_routed_and_published_by_the_repair_job()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var reply = TestMessages.Reply(request.Address, "Stored, then the process died");
        reply.Body = new TextPart("plain") { Text = "Routed after the crash." };
        var raw = TestMessages.Bytes(reply);
        await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<FoiDbContext>();
            db.Add(IncomingMail.Store(Guid.NewGuid(), raw, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(raw)), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(raw)), reply.MessageId, null, "pipe", DateTimeOffset.UtcNow.AddMinutes(-5)));
            return await db.SaveChangesAsync();
        });
        (await ResponsesAsync(request.Id)).ShouldBeEmpty();

        var repaired = await InScopeAsync(s => s.GetRequiredService<RouteStoredMailJob>().RepairAsync(CancellationToken.None));
        repaired.ShouldBeGreaterThanOrEqualTo(1);
        (await ResponsesAsync(request.Id)).ShouldHaveSingleItem().Body.ShouldContain("Routed after the crash.");
    }

}
