using System.Net;
using Foi.Common.Data;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Requests.Domain;
using Foi.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Integration;

internal sealed class FilingRequestTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private static Dictionary<string, string> Letter(string title, string body, string action) =>
        new() { ["Title"] = title, ["Body"] = body, ["Action"] = action };

    [Test]
    public async Task The_same_form_posted_again_or_twice_at_once_sends_one_request()
    {
        // A reload after the site did not answer, or a double click, posts the same form again: the authority must
        // receive the letter once, and the citizen is shown the request the first post made.
        var slug = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Twice Council"), "foi@twice.example");
        var citizen = await SignedInCitizenAsync("Dora Doubleclick");
        var body = "Dear Council,\n\nPlease send me the gritting routes for 2026.\n\nYours faithfully,\n\nDora Doubleclick";
        var (_, preview, _) = await citizen.PostFormAsync($"/new/{slug}", Letter("Gritting routes in 2026", body, "preview"));
        var submission = System.Text.RegularExpressions.Regex.Match(preview, "name=\"SubmissionId\" value=\"([0-9a-f-]{36})\"").Groups[1].Value;
        submission.ShouldNotBeEmpty("the preview carries the form's id");
        var send = new Dictionary<string, string>(Letter("Gritting routes in 2026", body, "send")) { ["SubmissionId"] = submission };

        var first = await citizen.PostFormAsync($"/new/{slug}", send);
        var again = await citizen.PostFormAsync($"/new/{slug}", send);
        first.Status.ShouldBe(HttpStatusCode.Redirect);
        again.Location.ShouldBe(first.Location);
        (await citizen.GetAsync(again.Location!)).Html.ShouldContain("it was not sent again");

        var other = await citizen.PostFormAsync($"/new/{slug}", Letter("Salt stocks in 2026", body.Replace("gritting routes", "salt stocks", StringComparison.Ordinal), "preview"));
        var otherSubmission = System.Text.RegularExpressions.Regex.Match(other.Html, "name=\"SubmissionId\" value=\"([0-9a-f-]{36})\"").Groups[1].Value;
        var otherSend = new Dictionary<string, string>(Letter("Salt stocks in 2026", body, "send")) { ["SubmissionId"] = otherSubmission };
        var both = await Task.WhenAll(citizen.PostFormAsync($"/new/{slug}", otherSend), citizen.PostFormAsync($"/new/{slug}", otherSend));
        both.ShouldAllBe(r => r.Status == HttpStatusCode.Redirect);
        both[1].Location.ShouldBe(both[0].Location);

        var requests = await InScopeAsync(services => services.GetRequiredService<FoiDbContext>().Set<InfoRequest>()
            .Where(r => r.Title == "Gritting routes in 2026" || r.Title == "Salt stocks in 2026").CountAsync());
        requests.ShouldBe(2);
        await Task.Delay(500); // the letters go out just after the answer
        Mailbox.To(Site.PickupDirectory, "foi@twice.example").Count.ShouldBe(2);
    }

    [Test]
    public async Task A_confirmed_citizen_previews_and_sends_a_request_that_is_mailed_from_its_own_address()
    {
        var authority = TestAuthorities.UniqueName("Ministry of Roads");
        var slug = await TestAuthorities.AddAsync(Site, authority, "foi@roads.example");
        var citizen = await SignedInCitizenAsync("Brenda Requester");

        var (_, form, _) = await citizen.GetAsync($"/new/{slug}");
        form.ShouldContain($"Dear {authority},");
        form.ShouldContain("Brenda Requester");

        var body = $"Dear {authority},\n\nPlease send me the number of potholes repaired in 2026, by month.\n\nYours faithfully,\n\nBrenda Requester";
        var (previewStatus, preview, _) = await citizen.PostFormAsync($"/new/{slug}", Letter("Potholes repaired in 2026", body, "preview"));
        previewStatus.ShouldBe(HttpStatusCode.OK);
        preview.ShouldContain("Check your request before sending it");
        Mailbox.All(Site.PickupDirectory).ShouldNotContain(m => (m.Message.Subject ?? "").Contains("Potholes", StringComparison.Ordinal));

        var (sendStatus, _, location) = await citizen.PostFormAsync($"/new/{slug}", Letter("Potholes repaired in 2026", body, "send"));
        sendStatus.ShouldBe(HttpStatusCode.Redirect);
        location.ShouldStartWith("/request/potholes-repaired-in-2026");

        var (pageStatus, page, _) = await citizen.GetAsync(location!);
        pageStatus.ShouldBe(HttpStatusCode.OK);
        page.ShouldContain("Potholes repaired in 2026");
        page.ShouldContain("Awaiting response");
        page.ShouldContain("A response is due by");
        page.ShouldContain("our mail server accepted it");

        var (request, mail) = await InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<FoiDbContext>();
            var r = await db.Set<InfoRequest>().SingleAsync(x => x.Slug == location!.Substring("/request/".Length));
            var m = await db.Set<OutgoingMail>().SingleAsync(x => x.EnvelopeFrom.StartsWith($"request-{r.Id}-"));
            return (r, m);
        });
        var sent = Mailbox.LatestTo(Site.PickupDirectory, "foi@roads.example");
        var requestAddress = sent.From.Mailboxes.Single().Address;
        requestAddress.ShouldMatch($"^request-{request.Id}-[0-9a-f]{{10}}@foi\\.test$");
        sent.From.Mailboxes.Single().Name.ShouldBe("Brenda Requester");
        sent.Headers["Return-Path"].ShouldBe($"<{requestAddress}>");
        sent.Headers["X-Envelope-To"].ShouldBe("foi@roads.example");
        sent.Subject.ShouldBe("Freedom of Information request - Potholes repaired in 2026");
        sent.MessageId.ShouldBe(mail.MessageId);
        mail.EnvelopeFrom.ShouldBe(requestAddress);
        mail.State.ShouldBe(Foi.Modules.Mail.Contracts.DeliveryState.Sent);
        sent.TextBody!.ShouldContain("number of potholes repaired in 2026");
        sent.TextBody!.ShouldContain(requestAddress);
        // The published letter does not show the request's own address.
        page.ShouldNotContain(requestAddress);
    }

    [Test]
    public async Task The_due_date_is_twenty_working_days_after_sending()
    {
        var slug = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Due Date Council"));
        var citizen = await SignedInCitizenAsync();
        var (_, _, location) = await citizen.PostFormAsync($"/new/{slug}",
            Letter("Minutes of the planning committee", "Dear council,\n\nPlease send the minutes of every planning committee in 2025.\n\nYours faithfully,", "send"));

        var request = await InScopeAsync(services => services.GetRequiredService<FoiDbContext>()
            .Set<InfoRequest>().SingleAsync(r => r.Slug == location!.Substring("/request/".Length)));
        var sentOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(request.CreatedAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DateTime);
        // Weekends and the bank holidays of England and Wales (the default jurisdiction) do not count.
        var bankHolidays = await InScopeAsync(services => Task.FromResult(services.GetRequiredService<Foi.Modules.Requests.ManageHolidays.BankHolidays>()
            .In(sentOn.Year, sentOn.Year + 1).Select(h => h.Date).ToHashSet()));
        request.DueDate.ShouldBe(new WorkingDayCalendar(bankHolidays).AddWorkingDays(sentOn, 20));
        (request.DueDate.DayNumber - sentOn.DayNumber).ShouldBeInRange(26, 33);
    }

    [Test]
    public async Task A_generic_title_and_an_untouched_letter_are_shown_as_field_errors_and_nothing_is_sent()
    {
        var authority = TestAuthorities.UniqueName("Generic Titles Agency");
        var slug = await TestAuthorities.AddAsync(Site, authority);
        var citizen = await SignedInCitizenAsync("Carl Careless");
        var before = Mailbox.All(Site.PickupDirectory).Count;

        var (status, html, _) = await citizen.PostFormAsync($"/new/{slug}",
            Letter("FOI request", $"Dear {authority},\n\n\n\nYours faithfully,\n\nCarl Careless", "send"));

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("not just &quot;FOI request&quot;");
        html.ShouldContain("Please write your request in the letter");
        Mailbox.All(Site.PickupDirectory).Count.ShouldBe(before);

        var (_, tooShort, _) = await citizen.PostFormAsync($"/new/{slug}", Letter("Roads", "Dear x,\n\nPlease send the road budget for 2026.\n", "preview"));
        tooShort.ShouldContain("The title is too short");
    }

    [Test]
    public async Task Html_typed_into_a_request_is_shown_escaped()
    {
        var slug = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Escaping Authority"));
        var citizen = await SignedInCitizenAsync("<b>Mallory</b>");
        var (_, _, location) = await citizen.PostFormAsync($"/new/{slug}", Letter(
            "<script>alert('title')</script> budget",
            "Dear authority,\n\n<script>alert('body')</script><img src=x onerror=alert(1)> Please send the budget.\n\nYours faithfully,",
            "send"));

        var (_, page, _) = await citizen.GetAsync(location!);
        page.ShouldNotContain("<script>alert");
        page.ShouldNotContain("<img src=x");
        page.ShouldNotContain("<b>Mallory</b>");
        page.ShouldContain("&lt;script&gt;alert(");
        page.ShouldContain("&lt;img src=x onerror=alert(1)&gt;");
        page.ShouldContain("&lt;b&gt;Mallory&lt;/b&gt;");
    }

    [Test]
    public async Task A_visitor_who_is_not_signed_in_keeps_the_draft_through_sign_up_and_confirmation()
    {
        var authority = TestAuthorities.UniqueName("Draft Keeping Trust");
        var slug = await TestAuthorities.AddAsync(Site, authority);
        var visitor = NewVisitor();
        var body = $"Dear {authority},\n\nPlease send the trust's annual report for 2025.\n\nYours faithfully,";

        // The preview needs no account; "send" asks for one.
        var (previewStatus, preview, _) = await visitor.PostFormAsync($"/new/{slug}", Letter("Annual report for 2025", body, "preview"));
        previewStatus.ShouldBe(HttpStatusCode.OK);
        preview.ShouldContain("Check your request before sending it");
        preview.ShouldContain("Sign in and send");
        var (status, _, location) = await visitor.PostFormAsync($"/new/{slug}", Letter("Annual report for 2025", body, "send"));
        status.ShouldBe(HttpStatusCode.Redirect);
        location.ShouldStartWith("/sign-in?returnUrl=");
        var returnUrl = Uri.UnescapeDataString(location!["/sign-in?returnUrl=".Length..]);
        returnUrl.ShouldStartWith($"/new/{slug}?draft=");

        // Sign up from the sign-in page; the return address travels in the confirmation link.
        var email = UniqueEmail();
        await visitor.PostFormAsync($"/sign-up?returnUrl={Uri.EscapeDataString(returnUrl)}", new Dictionary<string, string>
        {
            ["Name"] = "Dora Drafter", ["Email"] = email, ["Password"] = "correct horse battery",
            ["ConfirmPassword"] = "correct horse battery", ["ReturnUrl"] = returnUrl,
        });
        var link = Mailbox.LinkIn(Mailbox.LatestTo(Site.PickupDirectory, email), "/confirm-email");
        var (_, _, afterConfirm) = await visitor.GetAsync(link);
        afterConfirm.ShouldBe(returnUrl);

        var (_, form, _) = await visitor.GetAsync(returnUrl);
        form.ShouldContain("Annual report for 2025");
        form.ShouldContain("Please send the trust&#x27;s annual report for 2025.");
        form.ShouldContain("Dora Drafter"); // the draft is now signed with the name
    }

    [Test]
    public async Task An_authority_that_is_defunct_cannot_be_sent_a_request()
    {
        var slug = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Abolished Board"), null, "defunct");
        var citizen = await SignedInCitizenAsync();

        var (_, page, _) = await citizen.GetAsync($"/new/{slug}");
        page.ShouldContain("cannot receive requests");
        var (_, afterPost, _) = await citizen.PostForgedAsync($"/new/{slug}",
            Letter("Minutes of the last meeting", "Dear board,\n\nPlease send the minutes of your last meeting.\n\nYours faithfully,", "send"), $"/new/{slug}");
        afterPost.ShouldContain("cannot receive requests");
    }

    [Test]
    public async Task Requests_are_listed_on_the_home_page_the_list_the_authority_and_the_requester()
    {
        var authority = TestAuthorities.UniqueName("Listing Office");
        var slug = await TestAuthorities.AddAsync(Site, authority);
        var citizen = NewVisitor();
        await citizen.SignUpAsync("Lister Person", UniqueEmail());
        var title = $"Spending on paperclips {Guid.NewGuid().ToString("N")[..6]}";
        await citizen.PostFormAsync($"/new/{slug}", Letter(title, "Dear office,\n\nHow much did you spend on paperclips in 2025?\n\nYours faithfully,", "send"));

        (await citizen.GetAsync("/")).Html.ShouldContain(title);
        (await citizen.GetAsync("/list")).Html.ShouldContain(title);
        (await citizen.GetAsync($"/authority/{slug}")).Html.ShouldContain(title);
        var profile = (await citizen.GetAsync("/")).Html;
        profile.ShouldContain("/user/lister-person");
        (await citizen.GetAsync("/user/lister-person")).Html.ShouldContain(title);
    }
}
