using System.Net;
using System.Text;
using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Mail.RouteMail;
using Foi.Modules.Requests.Domain;
using Foi.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Shouldly;

namespace Foi.Tests.Mail;

/// <summary>Replies fed through `foi mail receive` exactly as an MTA pipes them, then read on the request page.</summary>
internal sealed class IncomingMailTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private static Dictionary<string, string> Values(FiledRequest request) => new()
    {
        ["address"] = request.Address,
        ["title"] = request.Title,
        ["titleqp"] = request.Title.Replace(' ', '_'),
        ["messageid"] = $"{Guid.NewGuid():N}@council.example",
        ["inreplyto"] = request.OutgoingMessageId,
        ["requester"] = request.RequesterName,
        ["requesteremail"] = request.RequesterEmail,
    };

    private Task<(int ExitCode, string Output, string Error)> Receive(byte[] raw, string? recipient = null) =>
        RequestFixtures.ReceiveAsync(Site, raw, recipient);

    private async Task<List<RequestMessage>> ResponsesAsync(int requestId) =>
        await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<RequestMessage>()
            .Where(m => m.RequestId == requestId && m.Direction == MessageDirection.Incoming).ToListAsync());

    private async Task<IncomingMail> StoredAsync(string? messageId) =>
        await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<IncomingMail>().SingleAsync(m => m.MessageId == messageId));

    [Test]
    public async Task A_plain_text_reply_is_published_masked_with_its_quote_folded_and_the_requester_is_asked_to_classify()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var (code, output, _) = await Receive(TestMessages.FromFile("plain-reply.eml", Values(request)));
        code.ShouldBe(0);
        output.ShouldStartWith("stored as ");

        var (_, page, _) = await NewVisitor().GetAsync($"/request/{request.Slug}");
        page.ShouldContain("We repaired 1,204 potholes in 2026");
        page.ShouldContain("Status: Awaiting classification.");
        page.ShouldContain("<details class=\"quoted\"><summary>Show quoted text</summary>");
        page.ShouldNotContain(request.Address);
        page.ShouldContain($"[FOI #{request.Id} email]");
        page.ShouldNotContain(request.RequesterEmail);
        page.ShouldContain("[requester&#39;s email]");

        var notice = Mailbox.LatestTo(Site.PickupDirectory, request.RequesterEmail);
        notice.Subject.ShouldBe($"New response to your request \"{request.Title}\"");
        notice.TextBody!.ShouldContain($"/request/{request.Slug}#message-");
    }

    [Test]
    public async Task An_html_only_reply_loses_scripts_styles_frames_and_tracking_images()
    {
        var request = await RequestFixtures.FileAsync(Site);
        (await Receive(TestMessages.FromFile("html-only.eml", Values(request)))).ExitCode.ShouldBe(0);

        var (_, page, _) = await NewVisitor().GetAsync($"/request/{request.Slug}");
        page.ShouldContain("we hold 17 reports");
        page.ShouldNotContain("evil.example");
        page.ShouldNotContain("tracker.example");
        page.ShouldNotContain("onclick");
        page.ShouldNotContain("onmouseover");
        page.ShouldNotContain("position: fixed");
        page.ShouldContain("href=\"https://council.example/reports\" rel=\"nofollow ugc noopener\"");
        page.ShouldContain("[image not shown]");
        page.ShouldContain("Show quoted text");
        (await ResponsesAsync(request.Id)).Single().Body.ShouldContain("we hold 17 reports"); // text kept for search
    }

    [Test]
    public async Task Pdf_and_docx_attachments_are_listed_downloadable_and_readable_as_text()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var pdf = TestMessages.Pdf("Pothole repairs 2026\nJanuary 130 repairs\nFebruary 98 repairs");
        var docx = TestMessages.Docx("Covering letter\nThe council holds the information you asked for.");
        var reply = TestMessages.Reply(request.Address, $"RE: Freedom of Information request - {request.Title}");
        var body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = "Please find attached our response and covering letter." },
            TestMessages.Attachment(pdf, "application/pdf", "FOI-1234 response.pdf"),
            TestMessages.Attachment(docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "covering letter.docx"),
        };
        reply.Body = body;
        (await Receive(TestMessages.Bytes(reply))).ExitCode.ShouldBe(0);

        var visitor = NewVisitor();
        var (_, page, _) = await visitor.GetAsync($"/request/{request.Slug}");
        page.ShouldContain("FOI-1234 response.pdf");
        page.ShouldContain("covering letter.docx");
        var response = (await ResponsesAsync(request.Id)).Single();

        var download = await visitor.GetBytesAsync($"/request/{request.Slug}/attachments/{response.Id}/0/FOI-1234%20response.pdf");
        download.Content.ShouldBe(pdf);
        download.ContentType.ShouldBe("application/pdf");
        download.Disposition.ShouldContain("attachment");

        (await visitor.GetAsync($"/request/{request.Slug}/attachments/{response.Id}/0/text")).Html.ShouldContain("January 130 repairs");
        (await visitor.GetAsync($"/request/{request.Slug}/attachments/{response.Id}/1/text")).Html.ShouldContain("The council holds the information you asked for.");
    }

    [Test]
    public async Task A_forwarded_message_zip_and_rtf_are_unpacked_as_text()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var inner = TestMessages.Reply("foi@council.example", "Original answer from the roads team", "roads@council.example");
        inner.Body = new TextPart("plain") { Text = "The roads team counted 1,204 repairs." };
        var zip = TestMessages.Zip(("data/repairs.csv", Encoding.UTF8.GetBytes("month,repairs\nJanuary,130\n")), ("notes.txt", Encoding.UTF8.GetBytes("Counted by hand.")));
        var rtf = Encoding.ASCII.GetBytes(@"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\f0 Budget for 2026 is \'a3500.\par Approved by the caf\'e9 committee.}");
        var reply = TestMessages.Reply(request.Address, "Fwd: the figures");
        reply.Body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = "Forwarding the roads team's answer." },
            new MessagePart { Message = inner, ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) },
            TestMessages.Attachment(zip, "application/zip", "figures.zip"),
            TestMessages.Attachment(rtf, "application/rtf", "budget.rtf"),
        };
        (await Receive(TestMessages.Bytes(reply))).ExitCode.ShouldBe(0);

        var attachments = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<RequestAttachment>()
            .Where(a => a.RequestMessageId == s.GetRequiredService<FoiDbContext>().Set<RequestMessage>().Single(m => m.RequestId == request.Id && m.Direction == MessageDirection.Incoming).Id)
            .OrderBy(a => a.Index).ToListAsync());
        attachments.Select(a => a.FileName).ShouldBe(["Original answer from the roads team.eml", "figures.zip", "budget.rtf"]);
        attachments[0].Text!.ShouldContain("The roads team counted 1,204 repairs.");
        attachments[1].Text!.ShouldContain("data/repairs.csv");
        attachments[1].Text!.ShouldContain("January,130");
        attachments[1].Text!.ShouldContain("Counted by hand.");
        attachments[2].Text!.ShouldContain("Budget for 2026 is £500.");
        attachments[2].Text!.ShouldContain("café committee");
    }

    [Test]
    public async Task A_delivery_status_notification_marks_the_request_as_bounced_tells_the_requester_and_is_not_published()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var bounce = TestMessages.FromFile("postfix-dsn.eml", new Dictionary<string, string>
        {
            ["address"] = request.Address,
            ["outgoingmessageid"] = request.OutgoingMessageId,
            ["messageid"] = $"{Guid.NewGuid():N}@foi-mta.test",
        });
        (await Receive(bounce, request.Address)).ExitCode.ShouldBe(0);

        (await ResponsesAsync(request.Id)).ShouldBeEmpty();
        var outgoing = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<OutgoingMail>().SingleAsync(m => m.Id == request.OutgoingMailId));
        outgoing.State.ShouldBe(DeliveryState.Bounced);
        outgoing.LastError!.ShouldContain("550");

        var requester = NewVisitor();
        await requester.SignInAsync(request.RequesterEmail, RequestFixtures.Password);
        var (_, page, _) = await requester.GetAsync($"/request/{request.Slug}");
        page.ShouldContain("Could not be delivered: the authority&#x27;s mail server refused it.");
        Mailbox.LatestTo(Site.PickupDirectory, request.RequesterEmail).Subject.ShouldBe($"Your request \"{request.Title}\" could not be delivered");

        var admin = await SignedInAdminAsync();
        (await admin.GetAsync("/admin/holding-pen")).Html.ShouldContain($"bounce for {request.OutgoingMessageId}");
    }

    [Test]
    public async Task An_out_of_office_reply_is_published_without_asking_for_a_classification()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var before = Mailbox.All(Site.PickupDirectory).Count(m => m.Message.To.ToString().Contains(request.RequesterEmail, StringComparison.Ordinal));
        (await Receive(TestMessages.FromFile("out-of-office.eml", Values(request)))).ExitCode.ShouldBe(0);

        var (_, page, _) = await NewVisitor().GetAsync($"/request/{request.Slug}");
        page.ShouldContain("I am out of the office until Monday 30 November");
        page.ShouldContain("automatic reply");
        page.ShouldContain("Status: Awaiting response.");
        page.ShouldNotContain("What did the authority say?");
        Mailbox.All(Site.PickupDirectory).Count(m => m.Message.To.ToString().Contains(request.RequesterEmail, StringComparison.Ordinal)).ShouldBe(before);
    }

    [Test]
    public async Task Non_utf8_charsets_are_decoded()
    {
        var request = await RequestFixtures.FileAsync(Site);
        (await Receive(TestMessages.FromFile("latin1.eml", Values(request)))).ExitCode.ShouldBe(0);
        var response = (await ResponsesAsync(request.Id)).Single();
        response.Body.ShouldContain("Chère demandeuse");
        response.Body.ShouldContain("Le café coûte");
        response.Subject.ShouldStartWith("Réponse – ");
        response.FromName.ShouldBe("Renée Garçon");
    }

    [Test]
    public async Task A_malformed_message_is_accepted_kept_and_shown_as_well_as_it_can_be()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var values = Values(request);
        var (code, _, _) = await Receive(TestMessages.FromFile("malformed.eml", values));
        code.ShouldBe(0);
        var stored = await StoredAsync(values["messageid"]);
        stored.State.ShouldBeOneOf(IncomingState.Routed, IncomingState.Held);
        if (stored.State == IncomingState.Routed)
        {
            (await NewVisitor().GetAsync($"/request/{request.Slug}")).Status.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Test]
    public async Task A_reply_to_two_request_addresses_reaches_both()
    {
        var first = await RequestFixtures.FileAsync(Site);
        var second = await RequestFixtures.FileAsync(Site);
        var reply = TestMessages.Reply(first.Address, "One answer for both of your requests");
        reply.Cc.Add(MailboxAddress.Parse(second.Address.ToUpperInvariant()));
        reply.Body = new TextPart("plain") { Text = "Both answers are: 12." };
        (await Receive(TestMessages.Bytes(reply))).ExitCode.ShouldBe(0);

        (await ResponsesAsync(first.Id)).ShouldHaveSingleItem().Body.ShouldContain("Both answers are: 12.");
        (await ResponsesAsync(second.Id)).ShouldHaveSingleItem().Body.ShouldContain("Both answers are: 12.");
    }

    [Test]
    public async Task The_envelope_recipient_alone_is_enough_to_route_a_blind_copy()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var reply = TestMessages.Reply("someone-else@council.example", "Copy for your records");
        reply.Body = new TextPart("plain") { Text = "Sent to you in blind copy." };
        (await Receive(TestMessages.Bytes(reply), request.Address)).ExitCode.ShouldBe(0);
        (await ResponsesAsync(request.Id)).ShouldHaveSingleItem();
    }

    [Test]
    public async Task The_same_message_id_twice_is_stored_and_published_once()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var raw = TestMessages.FromFile("plain-reply.eml", Values(request));
        (await Receive(raw)).Output.ShouldStartWith("stored as ");
        var (code, output, _) = await Receive(raw);
        code.ShouldBe(0);
        output.ShouldStartWith("already stored as ");
        (await ResponsesAsync(request.Id)).Count.ShouldBe(1);
    }

    [Test]
    public async Task Mail_to_an_unknown_address_is_held_with_guesses_and_an_admin_delivers_it()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var reply = TestMessages.Reply("foi-replies@foi.test", $"RE: Freedom of Information request - {request.Title}");
        reply.Body = new TextPart("plain") { Text = "Sent to the wrong address, but it is the answer: 7." };
        (await Receive(TestMessages.Bytes(reply))).ExitCode.ShouldBe(0);
        var held = await StoredAsync(reply.MessageId);
        held.State.ShouldBe(IncomingState.Held);
        held.HeldReason.ShouldBe(HeldReason.NoRequestAddress);

        var admin = await SignedInAdminAsync();
        var (_, pen, _) = await admin.GetAsync("/admin/holding-pen");
        pen.ShouldContain("Not addressed to any request");
        pen.ShouldContain($"/admin/holding-pen/{held.Id}/deliver/{request.Id}");
        pen.ShouldContain("subject matches the title");

        var (status, _, _) = await admin.PostFormAsync("/admin/holding-pen", new Dictionary<string, string>(), $"/admin/holding-pen/{held.Id}/deliver/{request.Id}");
        status.ShouldBe(HttpStatusCode.Redirect);
        (await ResponsesAsync(request.Id)).ShouldHaveSingleItem().Body.ShouldContain("the answer: 7");
        (await StoredAsync(reply.MessageId)).State.ShouldBe(IncomingState.Routed);
    }

    [Test]
    public async Task A_wrong_code_is_held_and_guessed_from_the_request_number_and_several_can_be_discarded_at_once()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var wrong = $"request-{request.Id}-0000000000@foi.test";
        var reply = TestMessages.Reply(wrong, "A reply with a mistyped address");
        reply.Body = new TextPart("plain") { Text = "Mistyped." };
        var spam = TestMessages.Reply("nobody@foi.test", "Cheap watches", "spam@spam.example");
        spam.Body = new TextPart("plain") { Text = "Buy now." };
        await Receive(TestMessages.Bytes(reply));
        await Receive(TestMessages.Bytes(spam));
        var held = await StoredAsync(reply.MessageId);
        held.HeldReason.ShouldBe(HeldReason.BadHash);

        var admin = await SignedInAdminAsync();
        var pen = (await admin.GetAsync("/admin/holding-pen")).Html;
        pen.ShouldContain("same request number, wrong code");
        pen.ShouldContain("Addressed to a request number with a wrong code");
        pen.ShouldNotContain("BadHash");
        var shown = (await admin.GetAsync($"/admin/holding-pen/{held.Id}")).Html;
        shown.ShouldNotContain("BadHash");
        shown.ShouldContain("Held in the holding pen: Addressed to a request number with a wrong code");

        var (_, page, _) = await admin.GetAsync("/admin/holding-pen");
        using var form = new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", SiteClient.TokenIn(page)),
            new("ids", held.Id.ToString()),
            new("ids", (await StoredAsync(spam.MessageId)).Id.ToString()),
            new("action", "Discard"),
            new("reason", "not for a request"),
        ]);
        (await admin.PostAsync("/admin/holding-pen/bulk", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await StoredAsync(reply.MessageId)).State.ShouldBe(IncomingState.Discarded);
        (await StoredAsync(spam.MessageId)).DiscardReason!.ShouldStartWith("not for a request");
    }

    [Test]
    public async Task A_held_mail_s_own_page_delivers_it_or_discards_it()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var stray = TestMessages.Reply("nobody@foi.test", "Figures you asked for", "clerk@council.example");
        stray.Body = new TextPart("plain") { Text = "Sent to the wrong address." };
        var junk = TestMessages.Reply("nobody@foi.test", "Cheap watches", "spam@spam.example");
        junk.Body = new TextPart("plain") { Text = "Buy now." };
        await Receive(TestMessages.Bytes(stray));
        await Receive(TestMessages.Bytes(junk));
        var admin = await SignedInAdminAsync();

        var strayId = (await StoredAsync(stray.MessageId)).Id;
        var (status, _, _) = await admin.PostFormAsync($"/admin/holding-pen/{strayId}",
            new Dictionary<string, string> { ["ids"] = $"{strayId}", ["action"] = "Deliver", ["request"] = $"{request.Id}" }, "/admin/holding-pen/bulk");
        status.ShouldBe(HttpStatusCode.Redirect);
        (await StoredAsync(stray.MessageId)).State.ShouldBe(IncomingState.Routed);
        (await NewVisitor().GetAsync($"/request/{request.Slug}")).Html.ShouldContain("Sent to the wrong address.");

        var junkId = (await StoredAsync(junk.MessageId)).Id;
        await admin.PostFormAsync($"/admin/holding-pen/{junkId}",
            new Dictionary<string, string> { ["ids"] = $"{junkId}", ["action"] = "Discard", ["reason"] = "spam" }, "/admin/holding-pen/bulk");
        (await StoredAsync(junk.MessageId)).State.ShouldBe(IncomingState.Discarded);
        (await admin.GetAsync($"/admin/holding-pen/{junkId}")).Html.ShouldNotContain("action=\"/admin/holding-pen/bulk\"");
    }

    [Test]
    public async Task A_request_closed_to_responses_sends_its_mail_to_the_holding_pen()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var admin = await SignedInAdminAsync();
        await admin.PostFormAsync($"/request/{request.Slug}", new Dictionary<string, string> { ["allowed"] = "false" }, $"/admin/requests/{request.Slug}/responses");
        var reply = TestMessages.Reply(request.Address, "Late reply");
        reply.Body = new TextPart("plain") { Text = "Too late." };
        await Receive(TestMessages.Bytes(reply));
        (await StoredAsync(reply.MessageId)).HeldReason.ShouldBe(HeldReason.ClosedToResponses);
    }

    [Test]
    public async Task A_mail_to_a_request_number_beyond_any_id_waits_in_the_holding_pen_which_still_opens()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var mistyped = TestMessages.Reply($"request-{request.Id}-0000000000@foi.test", "An ordinary mistyped reply");
        mistyped.Body = new TextPart("plain") { Text = "Mistyped." };
        var hostile = TestMessages.Reply("request-99999999999999999999999-abcdef0123@foi.test", "A number too big for any id");
        hostile.Body = new TextPart("plain") { Text = "Overflow." };
        await Receive(TestMessages.Bytes(mistyped));
        await Receive(TestMessages.Bytes(hostile));
        (await StoredAsync(hostile.MessageId)).State.ShouldBe(IncomingState.Held);

        var admin = await SignedInAdminAsync();
        var (status, pen, _) = await admin.GetAsync("/admin/holding-pen");
        status.ShouldBe(HttpStatusCode.OK);
        pen.ShouldContain("A number too big for any id");
        pen.ShouldContain("same request number, wrong code"); // the other held mail keeps its guess
    }

    [Test]
    public async Task Receive_with_nothing_on_standard_input_is_a_data_error()
    {
        var (code, _, error) = await Receive([]);
        code.ShouldBe(65);
        error.ShouldContain("no message on standard input");
    }
}
