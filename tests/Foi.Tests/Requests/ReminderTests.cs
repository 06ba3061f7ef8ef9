using Foi.Common.Data;
using Foi.Modules.Requests.SendReminders;
using Foi.Tests.Mail;
using Foi.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Shouldly;

namespace Foi.Tests.Requests;

/// <summary>A site on a fake clock that starts on Monday 2 November 2026, one per fixture, and its reminders job.</summary>
internal abstract class ReminderTest(DatabaseProvider provider) : IntegrationTest(provider)
{
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    protected override TimeProvider Time => Clock;

    protected Task<int> RunRemindersAsync() =>
        InScopeAsync(s => s.GetRequiredService<RequestReminders>().SendDueAsync(CancellationToken.None));

    protected int MailsTo(string address, string subjectPart) =>
        Mailbox.All(Site.PickupDirectory).Count(m => m.Message.To.ToString().Contains(address, StringComparison.Ordinal)
            && (m.Message.Subject ?? "").Contains(subjectPart, StringComparison.Ordinal));
}

/// <summary>Overdue, long overdue and "classify the response" reminders: each sent once, however often the job runs.</summary>
internal sealed class ReminderTests(DatabaseProvider provider) : ReminderTest(provider)
{
    [Test]
    public async Task Overdue_and_long_overdue_reminders_are_sent_once_each()
    {
        var request = await RequestFixtures.FileAsync(Site); // Monday 2 November 2026: due Monday 30 November
        Clock.Advance(TimeSpan.FromDays(28)); // Monday 30 November: due today, not late yet
        await RunRemindersAsync();
        MailsTo(request.RequesterEmail, "is overdue").ShouldBe(0);

        Clock.Advance(TimeSpan.FromDays(1));
        await RunRemindersAsync();
        await RunRemindersAsync();
        MailsTo(request.RequesterEmail, "is overdue").ShouldBe(1);
        (await NewVisitor().GetAsync($"/request/{request.Slug}")).Html.ShouldContain("Status: Delayed.");

        Clock.Advance(TimeSpan.FromDays(35)); // past 40 working days, Christmas's bank holidays included
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

        Clock.Advance(TimeSpan.FromDays(2));
        await RunRemindersAsync();
        MailsTo(request.RequesterEmail, "Was the response").ShouldBe(0);

        Clock.Advance(TimeSpan.FromDays(2));
        await RunRemindersAsync();
        await RunRemindersAsync();
        MailsTo(request.RequesterEmail, "Was the response").ShouldBe(1);
    }
}

/// <summary>An internal review's own clock, on a site and clock of its own (the fixture above moves its clock on).</summary>
internal sealed class InternalReviewReminderTests(DatabaseProvider provider) : ReminderTest(provider)
{
    [Test]
    public async Task An_internal_review_gets_its_own_due_date_shown_on_the_page_and_its_own_reminder()
    {
        var request = await RequestFixtures.FileAsync(Site); // Monday 2 November 2026: this fixture's clock is its own
        var reply = TestMessages.Reply(request.Address, "Your request", "officer@council.example");
        reply.Body = new TextPart("plain") { Text = "We refuse." };
        await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(reply));
        Clock.Advance(TimeSpan.FromDays(10)); // Thursday 12 November
        var requester = NewVisitor();
        await requester.SignInAsync(request.RequesterEmail, RequestFixtures.Password);
        (await requester.PostFormAsync($"/request/{request.Slug}/follow-up", new Dictionary<string, string>
        {
            ["Kind"] = "internal_review", ["To"] = "authority", ["Body"] = "Dear Council,\n\nPlease review the refusal.\n\nYours faithfully,",
        })).Status.ShouldBe(System.Net.HttpStatusCode.Redirect);

        var expected = await InScopeAsync(s => s.GetRequiredService<Foi.Modules.Requests.RequestCalendar>()
            .ReviewDueDatesAsync(null, new DateOnly(2026, 11, 12), CancellationToken.None));
        var page = (await requester.GetAsync($"/request/{request.Slug}")).Html;
        page.ShouldContain($"The internal review is due by <time datetime=\"{expected.Due:yyyy-MM-dd}\"");

        Clock.Advance(TimeSpan.FromDays(35)); // past the review's 20 working days
        await RunRemindersAsync();
        await RunRemindersAsync();
        MailsTo(request.RequesterEmail, "The internal review of").ShouldBe(1);
    }
}
