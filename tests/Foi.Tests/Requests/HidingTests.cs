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

/// <summary>An admin hides an attachment, a message, then a whole request: the public loses each at once, search within seconds.</summary>
internal sealed class HidingTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private static string Word(string stem) => stem + Guid.NewGuid().ToString("N")[..8];

    [Test]
    public async Task Hidden_attachments_messages_and_requests_leave_the_page_the_lists_and_search()
    {
        var account = await RequestFixtures.AccountAsync(Site, "Hana Hidden");
        var titleWord = Word("culvert");
        var request = await RequestFixtures.FileAsync(Site, $"Culvert inspections {titleWord}", account: account);
        var replyWord = Word("drainage");
        var pdfWord = Word("staffnames");
        var reply = TestMessages.Reply(request.Address, $"RE: {request.Title}", "officer@council.example");
        reply.Body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = $"The {replyWord} survey is attached." },
            TestMessages.Attachment(TestMessages.Pdf($"Inspectors {pdfWord}"), "application/pdf", "inspectors.pdf"),
        };
        (await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(reply))).ExitCode.ShouldBe(0);
        var messageId = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<RequestMessage>()
            .Where(m => m.RequestId == request.Id && m.Direction == MessageDirection.Incoming).Select(m => m.Id).SingleAsync());
        await EventuallyAsync(pdfWord, request.Slug, found: true);

        var visitor = NewVisitor();
        var requester = NewVisitor();
        (await requester.SignInAsync(account.Email, RequestFixtures.Password)).Status.ShouldBe(HttpStatusCode.Redirect);
        var admin = await SignedInAdminAsync();
        var attachmentUrl = $"/request/{request.Slug}/attachments/{messageId}/0/inspectors.pdf";

        // The attachment: a reason is required, then the public sees the reason instead of the file.
        var hideAttachment = $"/admin/requests/{request.Slug}/hide?message={messageId}&attachment=0";
        var (_, form, _) = await admin.GetAsync(hideAttachment);
        form.ShouldContain("Hide the attachment inspectors.pdf");
        var (noReason, noReasonHtml, _) = await admin.PostFormAsync(hideAttachment, new Dictionary<string, string> { ["Message"] = $"{messageId}", ["Attachment"] = "0", ["Reason"] = " " }, $"/admin/requests/{request.Slug}/hide");
        noReason.ShouldBe(HttpStatusCode.OK);
        noReasonHtml.ShouldContain("Say why: the reason is shown to the public in its place.");
        (await admin.PostFormAsync(hideAttachment, new Dictionary<string, string> { ["Message"] = $"{messageId}", ["Attachment"] = "0", ["Reason"] = "It names council staff." }, $"/admin/requests/{request.Slug}/hide")).Status.ShouldBe(HttpStatusCode.Redirect);

        var page = (await visitor.GetAsync($"/request/{request.Slug}")).Html;
        page.ShouldContain("An attachment has been hidden by the site's administrators: It names council staff.");
        page.ShouldNotContain("inspectors.pdf");
        page.ShouldContain(replyWord);
        (await visitor.GetAsync(attachmentUrl)).Status.ShouldBe(HttpStatusCode.NotFound);
        (await visitor.GetAsync($"/request/{request.Slug}/attachments/{messageId}/0/text")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await requester.GetAsync(attachmentUrl)).Status.ShouldBe(HttpStatusCode.OK);
        await EventuallyAsync(pdfWord, request.Slug, found: false);
        (await SearchAsync(replyWord)).ShouldContain($"/request/{request.Slug}");

        // The message.
        var hideMessage = $"/admin/requests/{request.Slug}/hide?message={messageId}";
        (await admin.PostFormAsync(hideMessage, new Dictionary<string, string> { ["Message"] = $"{messageId}", ["Reason"] = "Sent to us by mistake." }, $"/admin/requests/{request.Slug}/hide")).Status.ShouldBe(HttpStatusCode.Redirect);
        page = (await visitor.GetAsync($"/request/{request.Slug}")).Html;
        page.ShouldContain("This message has been hidden by the site&#x27;s administrators: Sent to us by mistake.");
        page.ShouldNotContain(replyWord);
        (await requester.GetAsync($"/request/{request.Slug}")).Html.ShouldContain(replyWord);
        await EventuallyAsync(replyWord, request.Slug, found: false);

        // The whole request: gone from its page (410), the lists and search; the requester still reads it.
        (await admin.PostFormAsync($"/admin/requests/{request.Slug}/hide", new Dictionary<string, string> { ["Reason"] = "Published without consent." })).Status.ShouldBe(HttpStatusCode.Redirect);
        var (goneStatus, gone, _) = await visitor.GetAsync($"/request/{request.Slug}");
        goneStatus.ShouldBe(HttpStatusCode.Gone);
        gone.ShouldContain("Published without consent.");
        gone.ShouldNotContain(titleWord);
        (await visitor.GetAsync("/list")).Html.ShouldNotContain($"/request/{request.Slug}");
        (await visitor.GetAsync($"/authority/{request.AuthoritySlug}")).Html.ShouldNotContain($"/request/{request.Slug}");
        (await requester.GetAsync($"/request/{request.Slug}")).Html.ShouldContain("This request is hidden from the public");
        await EventuallyAsync(titleWord, request.Slug, found: false);

        // Shown again, it comes back; the history says what happened.
        (await admin.PostFormAsync($"/request/{request.Slug}", new Dictionary<string, string>(), $"/admin/requests/{request.Slug}/unhide")).Status.ShouldBe(HttpStatusCode.Redirect);
        (await visitor.GetAsync($"/request/{request.Slug}")).Status.ShouldBe(HttpStatusCode.OK);
        await EventuallyAsync(titleWord, request.Slug, found: true);
        (await visitor.GetAsync($"/request/{request.Slug}")).Html.ShouldContain("an attachment hidden from the public by the site&#x27;s administrators");
    }

    [Test]
    public async Task Unlisted_requests_open_by_link_only_and_admins_only_ones_shut_out_the_requester_too()
    {
        var account = await RequestFixtures.AccountAsync(Site, "Una Unlisted");
        var word = Word("sluicegate");
        var request = await RequestFixtures.FileAsync(Site, $"Sluice gate maintenance {word}", account: account);
        await EventuallyAsync(word, request.Slug, found: true);
        var admin = await SignedInAdminAsync();
        var hide = $"/admin/requests/{request.Slug}/hide";
        (await admin.GetAsync(hide)).Html.ShouldContain("Who may still read it");
        (await admin.PostFormAsync(hide, new Dictionary<string, string> { ["Reason"] = "Kept out of lists at the requester's wish.", ["Visibility"] = "Unlisted" })).Status.ShouldBe(HttpStatusCode.Redirect);

        // Open to anyone with the link, not indexed; absent from every list, search, feed and the API.
        var visitor = NewVisitor();
        var (status, page, _) = await visitor.GetAsync($"/request/{request.Slug}");
        status.ShouldBe(HttpStatusCode.OK);
        page.ShouldContain(word);
        page.ShouldContain("This request is unlisted");
        page.ShouldContain("<meta name=\"robots\" content=\"noindex, nofollow\" />");
        (await visitor.GetAsync("/list")).Html.ShouldNotContain($"/request/{request.Slug}");
        (await visitor.GetAsync($"/authority/{request.AuthoritySlug}")).Html.ShouldNotContain($"/request/{request.Slug}");
        (await visitor.GetAsync("/feed/list")).Html.ShouldNotContain(request.Slug);
        (await visitor.GetAsync($"/api/v1/requests/{request.Slug}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await visitor.GetAsync("/api/v1/requests")).Html.ShouldNotContain(request.Slug);
        await EventuallyAsync(word, request.Slug, found: false);

        // Admins only: the requester gets the notice like everyone else.
        (await admin.PostFormAsync($"/request/{request.Slug}", new Dictionary<string, string>(), $"/admin/requests/{request.Slug}/unhide")).Status.ShouldBe(HttpStatusCode.Redirect);
        (await admin.PostFormAsync(hide, new Dictionary<string, string> { ["Reason"] = "Legal advice pending.", ["Visibility"] = "AdminsOnly" })).Status.ShouldBe(HttpStatusCode.Redirect);
        var requester = NewVisitor();
        await requester.SignInAsync(account.Email, RequestFixtures.Password);
        var (requesterStatus, requesterPage, _) = await requester.GetAsync($"/request/{request.Slug}");
        requesterStatus.ShouldBe(HttpStatusCode.Gone);
        requesterPage.ShouldContain("Legal advice pending.");
        requesterPage.ShouldNotContain(word);
        (await visitor.GetAsync($"/request/{request.Slug}")).Status.ShouldBe(HttpStatusCode.Gone);
        var adminPage = (await admin.GetAsync($"/request/{request.Slug}")).Html;
        adminPage.ShouldContain("hidden from everyone but the site's administrators");
        adminPage.ShouldContain("admins only");
    }

    [Test]
    public async Task Citizens_cannot_hide_anything()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var citizen = await SignedInCitizenAsync();

        (await citizen.GetAsync($"/admin/requests/{request.Slug}/hide")).Status.ShouldBe(HttpStatusCode.Forbidden);
        var (status, _, _) = await citizen.PostForgedAsync($"/request/{request.Slug}", new Dictionary<string, string> { ["Reason"] = "Mine now" }, $"/admin/requests/{request.Slug}/hide");
        status.ShouldBe(HttpStatusCode.Forbidden);
        (await NewVisitor().GetAsync($"/request/{request.Slug}")).Status.ShouldBe(HttpStatusCode.OK);
    }
}
