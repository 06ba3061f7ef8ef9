using System.Net;
using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Foi.Tests.Mail;
using Foi.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Shouldly;

namespace Foi.Tests.Requests;

/// <summary>What happens to a request after the first reply: classification, follow-ups, withdrawal, comments.</summary>
internal sealed class RequestLifeTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private async Task<(FiledRequest Request, SiteClient Requester)> AnsweredRequestAsync()
    {
        var account = await RequestFixtures.AccountAsync(Site, "Cara Classifier");
        var request = await RequestFixtures.FileAsync(Site, account: account);
        var reply = TestMessages.Reply(request.Address, $"RE: Freedom of Information request - {request.Title}", "officer@council.example");
        reply.Body = new TextPart("plain") { Text = "We need you to narrow your request to one ward." };
        (await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(reply))).ExitCode.ShouldBe(0);
        var requester = NewVisitor();
        (await requester.SignInAsync(account.Email, RequestFixtures.Password)).Status.ShouldBe(HttpStatusCode.Redirect);
        return (request, requester);
    }

    private async Task<InfoRequest> LoadAsync(int id) =>
        await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<InfoRequest>().AsNoTracking().SingleAsync(r => r.Id == id));

    [Test]
    public async Task The_requester_classifies_a_response_and_is_offered_the_next_step()
    {
        var (request, requester) = await AnsweredRequestAsync();
        var (_, page, _) = await requester.GetAsync($"/request/{request.Slug}");
        page.ShouldContain("What did the authority say?");
        page.ShouldContain("Awaiting clarification");

        var (status, _, _) = await requester.PostFormAsync($"/request/{request.Slug}", new Dictionary<string, string> { ["state"] = "Rejected" }, $"/request/{request.Slug}/classify");
        status.ShouldBe(HttpStatusCode.Redirect);
        var (_, after, _) = await requester.GetAsync($"/request/{request.Slug}");
        after.ShouldContain("Status saved: Refused.");
        after.ShouldContain($"/request/{request.Slug}/follow-up?kind=internal_review");
        after.ShouldContain("Status: Refused.");
        after.ShouldContain("status set to Refused");
        (await LoadAsync(request.Id)).AwaitingClassification.ShouldBeFalse();
    }

    [Test]
    public async Task The_words_the_requester_picks_are_the_words_the_status_line_then_shows()
    {
        var (request, requester) = await AnsweredRequestAsync();
        var (_, form, _) = await requester.GetAsync($"/request/{request.Slug}");
        foreach (var (state, label, _) in RequestStateChoices.ForAdmins)
        {
            label.ShouldBe(RequestStateLabels.Label(state));
        }
        form.ShouldContain("Partially successful");
        form.ShouldContain("Awaiting internal review");
        form.ShouldNotContain("Partly successful");
        await requester.PostFormAsync($"/request/{request.Slug}", new Dictionary<string, string> { ["state"] = "PartiallySuccessful" }, $"/request/{request.Slug}/classify");
        (await requester.GetAsync($"/request/{request.Slug}")).Html.ShouldContain("Status: Partially successful.");
    }

    [Test]
    public async Task Another_user_may_not_classify_a_fresh_response_nor_set_an_admin_state()
    {
        var (request, requester) = await AnsweredRequestAsync();
        var stranger = await SignedInCitizenAsync("Sam Stranger");
        var (_, page, _) = await stranger.GetAsync($"/request/{request.Slug}");
        page.ShouldNotContain("Help classify this response");
        var (status, _, _) = await stranger.PostForgedAsync($"/request/{request.Slug}", new Dictionary<string, string> { ["state"] = "Successful" }, $"/request/{request.Slug}/classify");
        status.ShouldBe(HttpStatusCode.Forbidden);

        await requester.PostFormAsync($"/request/{request.Slug}", new Dictionary<string, string> { ["state"] = "Vexatious" }, $"/request/{request.Slug}/classify");
        (await LoadAsync(request.Id)).State.ShouldBe(RequestState.WaitingResponse);
        var anonymous = NewVisitor();
        (await anonymous.GetAsync($"/request/{request.Slug}")).Html.ShouldNotContain("What did the authority say?");
    }

    [Test]
    public async Task A_clarification_is_sent_from_the_request_address_and_restarts_the_clock()
    {
        var (request, requester) = await AnsweredRequestAsync();
        await InScopeAsync(async s =>
        {
            // Pretend the request was sent long ago, so a restarted clock is visible.
            var db = s.GetRequiredService<FoiDbContext>();
            await db.Database.ExecuteSqlRawAsync(
                Provider == DatabaseProvider.Postgres
                    ? "UPDATE requests SET \"DueDate\" = DATE '2026-01-02' WHERE \"Id\" = {0}"
                    : "UPDATE requests SET DueDate = '2026-01-02' WHERE Id = {0}", request.Id);
            return 0;
        });
        var (_, form, _) = await requester.GetAsync($"/request/{request.Slug}/follow-up?kind=clarification");
        form.ShouldContain("Send a clarification");
        form.ShouldContain("the person who last replied");

        var (status, _, _) = await requester.PostFormAsync($"/request/{request.Slug}/follow-up?kind=clarification", new Dictionary<string, string>
        {
            ["Kind"] = "clarification", ["To"] = "reply", ["Body"] = "Dear Council,\n\nOnly the Castle ward, please.\n\nYours faithfully,\n\nCara Classifier",
        });
        status.ShouldBe(HttpStatusCode.Redirect);

        var sent = Mailbox.LatestTo(Site.PickupDirectory, "officer@council.example");
        sent.From.Mailboxes.Single().Address.ShouldBe(request.Address);
        // It threads under the reply it answers, in the officer's mail client.
        var replyId = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<Foi.Modules.Mail.Domain.IncomingMail>()
            .Where(m => m.Subject == $"RE: Freedom of Information request - {request.Title}").Select(m => m.MessageId).SingleAsync());
        sent.InReplyTo.ShouldBe(replyId);
        sent.References.ShouldBe([request.OutgoingMessageId, replyId!]);
        sent.Subject.ShouldBe($"Re: Freedom of Information request - {request.Title}");
        sent.TextBody!.ShouldContain("Only the Castle ward, please.");
        var after = await LoadAsync(request.Id);
        after.State.ShouldBe(RequestState.WaitingResponse);
        after.DueDate.ShouldBeGreaterThan(DateOnly.FromDateTime(DateTime.UtcNow));
        (await requester.GetAsync($"/request/{request.Slug}")).Html.ShouldContain("clarification sent");
    }

    [Test]
    public async Task An_internal_review_request_goes_to_the_authority_and_sets_the_state()
    {
        var (request, requester) = await AnsweredRequestAsync();
        var (_, form, _) = await requester.GetAsync($"/request/{request.Slug}/follow-up?kind=internal_review");
        form.ShouldContain("I am writing to request an internal review");

        var (empty, errors, _) = await requester.PostFormAsync($"/request/{request.Slug}/follow-up", new Dictionary<string, string> { ["Kind"] = "internal_review", ["To"] = "authority", ["Body"] = "Dear Council,\n\nYours faithfully," });
        empty.ShouldBe(HttpStatusCode.OK);
        errors.ShouldContain("Please write your message.");

        await requester.PostFormAsync($"/request/{request.Slug}/follow-up", new Dictionary<string, string>
        {
            ["Kind"] = "internal_review", ["To"] = "authority", ["Body"] = "Dear Council,\n\nThe exemption you cited does not apply to ward totals.\n\nYours faithfully,",
        });
        Mailbox.LatestTo(Site.PickupDirectory, "foi@council.example").Subject.ShouldBe($"Internal review of Freedom of Information request - {request.Title}");
        (await LoadAsync(request.Id)).State.ShouldBe(RequestState.InternalReview);
    }

    [Test]
    public async Task A_follow_up_posted_again_or_twice_at_once_is_sent_once()
    {
        var (request, requester) = await AnsweredRequestAsync();
        var (_, form, _) = await requester.GetAsync($"/request/{request.Slug}/follow-up");
        var submission = System.Text.RegularExpressions.Regex.Match(form, "name=\"SubmissionId\" value=\"([0-9a-f-]{36})\"").Groups[1].Value;
        submission.ShouldNotBeEmpty();
        var fields = new Dictionary<string, string>
        {
            ["Kind"] = "follow_up", ["To"] = "authority", ["SubmissionId"] = submission,
            ["Body"] = "Dear Council,\n\nCould you say when the figures will be ready?\n\nYours faithfully,",
        };
        var both = await Task.WhenAll(
            requester.PostFormAsync($"/request/{request.Slug}/follow-up", fields),
            requester.PostFormAsync($"/request/{request.Slug}/follow-up", fields));
        var again = await requester.PostFormAsync($"/request/{request.Slug}/follow-up", fields);
        both.ShouldAllBe(r => r.Status == HttpStatusCode.Redirect);
        again.Status.ShouldBe(HttpStatusCode.Redirect);
        await Task.Delay(500); // the letter goes out just after the answer
        Mailbox.To(Site.PickupDirectory, "foi@council.example")
            .Count(m => m.TextBody?.Contains("when the figures will be ready", StringComparison.Ordinal) == true).ShouldBe(1);
    }

    [Test]
    public async Task Before_any_reply_only_a_follow_up_is_offered_then_clarification_and_review_too()
    {
        var account = await RequestFixtures.AccountAsync(Site, "Fern Fresh");
        var request = await RequestFixtures.FileAsync(Site, account: account);
        var requester = NewVisitor();
        await requester.SignInAsync(account.Email, RequestFixtures.Password);
        var fresh = (await requester.GetAsync($"/request/{request.Slug}")).Html;
        fresh.ShouldContain("Write a follow-up");
        fresh.ShouldNotContain("Send a clarification");
        fresh.ShouldNotContain("Ask for an internal review");
        (await requester.GetAsync($"/request/{request.Slug}/follow-up?kind=internal_review")).Html.ShouldContain("Write a follow-up");
        var (status, refused, _) = await requester.PostFormAsync($"/request/{request.Slug}/follow-up", new Dictionary<string, string>
        {
            ["Kind"] = "internal_review", ["To"] = "authority", ["Body"] = "Dear Council,\n\nPlease review.\n\nYours faithfully,",
        });
        status.ShouldBe(HttpStatusCode.OK);
        refused.ShouldContain("An internal review can be asked for once the authority has answered");

        var reply = TestMessages.Reply(request.Address, "Your request", "officer@council.example");
        reply.Body = new TextPart("plain") { Text = "We refuse." };
        await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(reply));
        var answered = (await requester.GetAsync($"/request/{request.Slug}")).Html;
        answered.ShouldContain("Send a clarification");
        answered.ShouldContain("Ask for an internal review");
    }

    [Test]
    public async Task Only_the_requester_may_follow_up_or_withdraw()
    {
        var (request, requester) = await AnsweredRequestAsync();
        var stranger = await SignedInCitizenAsync();
        (await stranger.GetAsync($"/request/{request.Slug}/follow-up")).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await stranger.PostForgedAsync($"/request/{request.Slug}", new Dictionary<string, string> { ["confirm"] = "true" }, $"/request/{request.Slug}/withdraw")).Status.ShouldBe(HttpStatusCode.Forbidden);

        (await requester.PostFormAsync($"/request/{request.Slug}", new Dictionary<string, string> { ["confirm"] = "true" }, $"/request/{request.Slug}/withdraw")).Status.ShouldBe(HttpStatusCode.Redirect);
        (await LoadAsync(request.Id)).State.ShouldBe(RequestState.UserWithdrawn);
        Mailbox.LatestTo(Site.PickupDirectory, "foi@council.example").Subject.ShouldBe($"Withdrawal of Freedom of Information request - {request.Title}");
        (await NewVisitor().GetAsync($"/request/{request.Slug}")).Html.ShouldContain("Status: Withdrawn by the requester.");
    }

    [Test]
    public async Task Comments_are_escaped_with_links_marked_and_can_be_hidden_by_the_requester_and_reported()
    {
        var (request, requester) = await AnsweredRequestAsync();
        var commenter = await SignedInCitizenAsync("Colin Commenter");
        await commenter.PostFormAsync($"/request/{request.Slug}", new Dictionary<string, string>
        {
            ["Body"] = "<script>alert(1)</script> The same figures are at https://data.example/potholes?year=2026&ward=all",
        }, $"/request/{request.Slug}/comments");

        var (_, page, _) = await NewVisitor().GetAsync($"/request/{request.Slug}");
        page.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        page.ShouldContain("<a href=\"https://data.example/potholes?year=2026&amp;ward=all\" rel=\"nofollow ugc noopener\">");
        var commentId = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<Comment>().Where(c => c.RequestId == request.Id).Select(c => c.Id).SingleAsync());

        var reporter = await SignedInCitizenAsync("Rita Reporter");
        await reporter.PostFormAsync($"/request/{request.Slug}", new Dictionary<string, string> { ["reason"] = "off topic" }, $"/request/{request.Slug}/comments/{commentId}/report");
        await reporter.PostFormAsync($"/request/{request.Slug}", new Dictionary<string, string> { ["reason"] = "again" }, $"/request/{request.Slug}/comments/{commentId}/report");
        var admin = await SignedInAdminAsync();
        (await admin.GetAsync("/admin/comments")).Html.ShouldContain("(reported 1×)");

        (await commenter.PostForgedAsync($"/request/{request.Slug}", new Dictionary<string, string>(), $"/request/{request.Slug}/comments/{commentId}/hide")).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await requester.PostFormAsync($"/request/{request.Slug}", new Dictionary<string, string>(), $"/request/{request.Slug}/comments/{commentId}/hide")).Status.ShouldBe(HttpStatusCode.Redirect);
        (await NewVisitor().GetAsync($"/request/{request.Slug}")).Html.ShouldNotContain("data.example/potholes");
        (await admin.GetAsync($"/request/{request.Slug}")).Html.ShouldContain("hidden");
    }

    [Test]
    public async Task A_request_an_admin_marks_vexatious_leaves_the_lists_but_keeps_its_page()
    {
        var request = await RequestFixtures.FileAsync(Site, title: $"Vexatious test {Guid.NewGuid().ToString("N")[..6]}");
        (await NewVisitor().GetAsync("/list")).Html.ShouldContain(request.Title);
        var admin = await SignedInAdminAsync();
        await admin.PostFormAsync($"/request/{request.Slug}", new Dictionary<string, string> { ["state"] = "Vexatious" }, $"/request/{request.Slug}/classify");
        (await NewVisitor().GetAsync("/list")).Html.ShouldNotContain(request.Title);
        (await NewVisitor().GetAsync("/")).Html.ShouldNotContain(request.Title);
        (await NewVisitor().GetAsync($"/request/{request.Slug}")).Html.ShouldContain("Status: Vexatious.");
    }

    [Test]
    public async Task Drafts_older_than_a_month_are_forgotten()
    {
        var (old, fresh) = await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<FoiDbContext>();
            var oldDraft = RequestDraft.Create(1, "Old draft title", "body", DateTimeOffset.UtcNow.AddDays(-31));
            var freshDraft = RequestDraft.Create(1, "Fresh draft title", "body", DateTimeOffset.UtcNow.AddDays(-1));
            db.AddRange(oldDraft, freshDraft);
            await db.SaveChangesAsync();
            return (oldDraft.Id, freshDraft.Id);
        });
        (await InScopeAsync(s => s.GetRequiredService<Foi.Modules.Requests.FileRequest.ForgetOldDraftsJob>().ForgetAsync(CancellationToken.None))).ShouldBeGreaterThanOrEqualTo(1);
        var left = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<RequestDraft>().Select(d => d.Id).ToListAsync());
        left.ShouldNotContain(old);
        left.ShouldContain(fresh);
    }

    [Test]
    public async Task A_fresh_site_counts_the_bank_holidays_of_england_and_wales_without_an_admin()
    {
        // Tuesday 1 December 2026 + 20 working days: Christmas (Friday 25th) and Boxing Day (Saturday, so Monday 28th)
        // do not count, so the due date is Thursday 31 December, not Tuesday 29th.
        var due = await InScopeAsync(s => s.GetRequiredService<Foi.Modules.Requests.RequestCalendar>().DueDatesAsync(null, new DateOnly(2026, 12, 1), CancellationToken.None));
        due.Due.ShouldBe(new DateOnly(2026, 12, 31));
        var admin = await SignedInAdminAsync();
        var page = (await admin.GetAsync("/admin/holidays")).Html;
        page.ShouldContain("bank holidays of England and Wales");
    }

    [TestCase("england-and-wales", "2027-08-30", "2027-03-17")] // late summer bank holiday; St Patrick's is not one
    [TestCase("scotland", "2027-01-04", "2027-08-30")] // 2 January falls on a Saturday; summer is early August there
    [TestCase("northern-ireland", "2027-07-12", "2027-01-04")] // the Twelfth; no second of January
    public void Each_uk_jurisdiction_has_its_own_bank_holidays(string jurisdiction, string holiday, string workingDay)
    {
        var holidays = new Foi.Modules.Requests.ManageHolidays.BankHolidays(Microsoft.Extensions.Options.Options.Create(
            new Foi.Modules.Requests.RequestsOptions { Holidays = jurisdiction })).In(2027, 2027).Select(h => h.Date).ToList();
        holidays.ShouldContain(DateOnly.Parse(holiday, System.Globalization.CultureInfo.InvariantCulture));
        holidays.ShouldNotContain(DateOnly.Parse(workingDay, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public async Task Holidays_kept_by_admins_and_imported_from_icalendar_move_due_dates()
    {
        var admin = await SignedInAdminAsync();
        // Local holidays besides the bank holidays (25 and 26 December 2031, 1 January 2032 in England and Wales).
        await admin.PostFormAsync("/admin/holidays", new Dictionary<string, string> { ["date"] = "2031-12-24", ["name"] = "Christmas Eve closure" });
        var (_, page, _) = await admin.GetAsync("/admin/holidays");
        var ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:1@test\r\nDTSTART;VALUE=DATE:20311229\r\nDTEND;VALUE=DATE:20311230\r\nSUMMARY:Office closed\r\nEND:VEVENT\r\n"
            + "BEGIN:VEVENT\r\nUID:2@test\r\nDTSTART;VALUE=DATE:20311230\r\nSUMMARY:Stocktaking day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        using var form = new MultipartFormDataContent
        {
            { new StringContent(SiteClient.TokenIn(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(ics)), "file", "holidays.ics" },
        };
        (await admin.PostAsync("/admin/holidays/import", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var list = (await admin.GetAsync("/admin/holidays")).Html;
        list.ShouldContain("Christmas Eve closure");
        list.ShouldContain("Office closed");
        list.ShouldContain("Stocktaking day");

        var due = await InScopeAsync(s => s.GetRequiredService<Foi.Modules.Requests.RequestCalendar>().DueDatesAsync(null, new DateOnly(2031, 12, 22), CancellationToken.None));
        // Mon 22 Dec 2031: 20 working days skipping the bank holidays (25, 26 Dec, 1 Jan) lands on Thu 22 Jan 2032;
        // skipping the three local ones too, on Tue 27 Jan.
        due.Due.ShouldBe(new DateOnly(2032, 1, 27));

        var (_, bad, _) = await admin.PostFormAsync("/admin/holidays", new Dictionary<string, string> { ["date"] = "25/12/2031" });
        bad.ShouldContain("Give the date as YYYY-MM-DD");
    }

    [Test]
    public async Task An_authority_under_a_calendar_day_law_gets_calendar_day_due_dates()
    {
        var slug = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Environment Agency"), "foi@environment.example");
        await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<FoiDbContext>();
            var authority = await db.Set<Foi.Modules.Authorities.Domain.Authority>().SingleAsync(a => a.Slug == slug);
            authority.Update(new Foi.Modules.Authorities.Domain.AuthorityDetails(authority.Name, null, authority.RequestEmail, null, null, [], "eir"), slug, DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });
        var request = await RequestFixtures.FileAsync(Site, authoritySlug: slug);
        var loaded = await LoadAsync(request.Id);
        loaded.LawKey.ShouldBe("eir");
        var sentOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(loaded.CreatedAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DateTime);
        loaded.DueDate.ShouldBe(sentOn.AddDays(20));
        loaded.LongOverdueDate.ShouldBe(sentOn.AddDays(40));
    }
}
