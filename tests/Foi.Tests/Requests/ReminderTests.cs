using Foi.Common.Data;
using Foi.Modules.Requests.SendReminders;
using Foi.Tests.Mail;
using Foi.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Shouldly;

namespace Foi.Tests.Requests;

/// <summary>Overdue, long overdue and "classify the response" reminders: each sent once, however often the job runs.</summary>
internal sealed class ReminderTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    protected override TimeProvider Time => clock;

    private Task<int> RunRemindersAsync() =>
        InScopeAsync(s => s.GetRequiredService<RequestReminders>().SendDueAsync(CancellationToken.None));

    private int MailsTo(string address, string subjectPart) =>
        Mailbox.All(Site.PickupDirectory).Count(m => m.Message.To.ToString().Contains(address, StringComparison.Ordinal)
            && (m.Message.Subject ?? "").Contains(subjectPart, StringComparison.Ordinal));

    [Test]
    public async Task Overdue_and_long_overdue_reminders_are_sent_once_each()
    {
        var request = await RequestFixtures.FileAsync(Site); // Monday 2 November 2026: due Monday 30 November
        clock.Advance(TimeSpan.FromDays(28)); // Monday 30 November: due today, not late yet
        await RunRemindersAsync();
        MailsTo(request.RequesterEmail, "is overdue").ShouldBe(0);

        clock.Advance(TimeSpan.FromDays(1));
        await RunRemindersAsync();
        await RunRemindersAsync();
        MailsTo(request.RequesterEmail, "is overdue").ShouldBe(1);
        (await NewVisitor().GetAsync($"/request/{request.Slug}")).Html.ShouldContain("Status: Delayed.");

        clock.Advance(TimeSpan.FromDays(30)); // past 40 working days
        await RunRemindersAsync();
        await RunRemindersAsync();
        MailsTo(request.RequesterEmail, "is long overdue").ShouldBe(1);
        MailsTo(request.RequesterEmail, "is overdue").ShouldBe(1);
        (await NewVisitor().GetAsync($"/request/{request.Slug}")).Html.ShouldContain("Status: Long overdue.");
    }

    [Test]
    public async Task A_response_left_unclassified_for_three_days_prompts_one_reminder()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var reply = TestMessages.Reply(request.Address, "Your request");
        reply.Body = new TextPart("plain") { Text = "Here is the information." };
        await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(reply));

        clock.Advance(TimeSpan.FromDays(2));
        await RunRemindersAsync();
        MailsTo(request.RequesterEmail, "Was the response").ShouldBe(0);

        clock.Advance(TimeSpan.FromDays(2));
        await RunRemindersAsync();
        await RunRemindersAsync();
        MailsTo(request.RequesterEmail, "Was the response").ShouldBe(1);
    }
}
