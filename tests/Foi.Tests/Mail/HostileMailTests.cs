using System.Text;
using Foi.Common.Data;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Requests.Domain;
using Foi.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Shouldly;

namespace Foi.Tests.Mail;

/// <summary>
/// Mail that broke storing or publishing on PostgreSQL (NUL bytes, long names) or was dropped (a reused Message-ID):
/// each is stored once, acknowledged with 0 and published on its request, on both databases.
/// </summary>
internal sealed class HostileMailTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private async Task<List<RequestMessage>> ResponsesAsync(int requestId) =>
        await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<RequestMessage>().AsNoTracking()
            .Where(m => m.RequestId == requestId && m.Direction == MessageDirection.Incoming).OrderBy(m => m.Id).ToListAsync());

    private static byte[] Raw(string text) => Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"));

    [Test]
    public async Task A_NUL_in_the_message_id_subject_and_body_is_stored_and_published()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var raw = Raw($"""
            From: Clerk <clerk@council.example>
            To: {request.Address}
            Subject: Re: figures{'\0'} attached
            Message-ID: <nul{'\0'}{Guid.NewGuid():N}@council.example>
            Date: Tue, 1 Dec 2026 10:00:00 +0000
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            The figures are=00 attached.
            """);

        (await RequestFixtures.ReceiveAsync(Site, raw)).ExitCode.ShouldBe(0);

        var response = (await ResponsesAsync(request.Id)).ShouldHaveSingleItem();
        response.Body.ShouldContain("The figures are attached.");
        response.Body.ShouldNotContain("\0");
        response.Subject.ShouldNotContain("\0");
    }

    [Test]
    public async Task A_text_part_in_UTF_16_labelled_as_UTF_8_is_published_without_NULs()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var head = Raw($"""
            From: clerk@council.example
            To: {request.Address}
            Subject: Mislabelled
            Message-ID: <{Guid.NewGuid():N}@council.example>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8


            """);
        var raw = head.Concat(Encoding.Unicode.GetBytes("Wide characters of a reply.")).ToArray();

        (await RequestFixtures.ReceiveAsync(Site, raw)).ExitCode.ShouldBe(0);

        (await ResponsesAsync(request.Id)).ShouldHaveSingleItem().Body.ShouldNotContain("\0");
    }

    [Test]
    public async Task A_sender_name_of_a_thousand_characters_is_published()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var reply = TestMessages.Reply(request.Address, "A long name");
        reply.From.Clear();
        reply.From.Add(new MailboxAddress(new string('N', 1000), "clerk@council.example"));
        reply.Body = new TextPart("plain") { Text = "From someone with a long name." };

        (await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(reply))).ExitCode.ShouldBe(0);

        (await ResponsesAsync(request.Id)).ShouldHaveSingleItem().Body.ShouldContain("From someone with a long name.");
    }

    [Test]
    public async Task A_different_message_reusing_an_earlier_message_id_is_kept_and_published_too()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var messageId = $"{Guid.NewGuid():N}@council.example";
        var first = TestMessages.Reply(request.Address, "First reply");
        first.MessageId = messageId;
        first.Body = new TextPart("plain") { Text = "The first answer." };
        var second = TestMessages.Reply(request.Address, "Second reply");
        second.MessageId = messageId;
        second.Body = new TextPart("plain") { Text = "A second, different answer." };

        (await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(first))).Output.ShouldStartWith("stored as");
        (await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(second))).Output.ShouldStartWith("stored as");

        var bodies = (await ResponsesAsync(request.Id)).Select(r => r.Body).ToList();
        bodies.Count.ShouldBe(2);
        bodies.ShouldContain(b => b.Contains("The first answer.", StringComparison.Ordinal));
        bodies.ShouldContain(b => b.Contains("A second, different answer.", StringComparison.Ordinal));
    }

    [Test]
    public async Task One_message_delivered_twice_with_other_trace_headers_is_stored_once()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var reply = TestMessages.Reply(request.Address, "Delivered twice");
        reply.Body = new TextPart("plain") { Text = "Once only." };
        var once = TestMessages.Bytes(reply);
        reply.Headers.Insert(0, new Header("Delivered-To", "someone-else@foi.test"));
        reply.Headers.Insert(0, new Header("Received", "from mx2.council.example by mx.foi.test; Tue, 1 Dec 2026 10:00:05 +0000"));
        var twice = TestMessages.Bytes(reply);

        (await RequestFixtures.ReceiveAsync(Site, once)).Output.ShouldStartWith("stored as");
        (await RequestFixtures.ReceiveAsync(Site, twice)).Output.ShouldStartWith("already stored as");

        (await ResponsesAsync(request.Id)).ShouldHaveSingleItem();
        (await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<IncomingMail>().CountAsync(m => m.MessageId == reply.MessageId))).ShouldBe(1);
    }

    [TestCase("huge", TestName = "A 10 MB HTML reply is published as text within seconds")]
    [TestCase("nested", TestName = "A reply of 200,000 nested blockquotes is published as text within seconds")]
    [TestCase("unclosed", TestName = "A reply of 150,000 unclosed b and i tags is published as text within seconds")]
    public async Task Html_too_large_or_deep_to_clean_is_published_as_text_and_the_page_stays_small(string kind)
    {
        var request = await RequestFixtures.FileAsync(Site);
        var marker = $"marker{Guid.NewGuid():N}";
        var html = kind switch
        {
            "huge" => "<html><body>" + string.Concat(Enumerable.Repeat("<p>Paragraph of a very long reply.</p>", 10 * 1024 * 1024 / 38)) + $"<p>{marker}</p></body></html>",
            "nested" => string.Concat(Enumerable.Repeat("<blockquote>", 200_000)) + marker,
            _ => string.Concat(Enumerable.Repeat("<b><i>", 75_000)) + marker,
        };
        var reply = TestMessages.Reply(request.Address, $"Hostile HTML {kind}");
        reply.Body = new TextPart("html") { Text = html };

        (await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(reply))).ExitCode.ShouldBe(0);

        var response = (await ResponsesAsync(request.Id)).ShouldHaveSingleItem();
        response.Body.ShouldContain(marker);
        response.Body.ShouldNotContain("<blockquote>");
        var (_, page, _) = await NewVisitor().GetAsync($"/request/{request.Slug}");
        page.Length.ShouldBeLessThan(1024 * 1024);
        if (kind == "huge")
        {
            page.ShouldContain("Read all of it");
            (await NewVisitor().GetAsync($"/request/{request.Slug}/messages/{response.Id}/text")).Html.ShouldContain(marker);
        }
    }
}
