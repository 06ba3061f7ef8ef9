using System.IO.Compression;
using System.Text;
using Foi.Modules.Mail;
using Foi.Modules.Mail.ReadMail;
using Foi.Modules.Mail.RouteMail;
using Foi.Modules.Requests;
using Foi.Tests.Mail;
using MimeKit;
using Shouldly;

namespace Foi.Tests.Unit;

internal sealed class MailReadingTests
{
    [Test]
    public async Task A_zip_bomb_is_listed_but_not_expanded()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("zeros.txt", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 60; i++)
            {
                entry.Write(zeros);
            }
        }
        var (text, _) = await new AttachmentText(new ReceiveSettings()).ExtractAsync(stream.ToArray(), "application/zip", "bomb.zip", CancellationToken.None);
        text!.ShouldContain("zeros.txt (62,914,560 bytes)");
        text!.ShouldContain("too many or too large files");
        text!.Length.ShouldBeLessThan(1000);
    }

    [Test]
    public async Task A_suspiciously_compressed_entry_is_not_extracted()
    {
        var zip = TestMessages.Zip(("small.txt", new byte[2 * 1024 * 1024]));
        var (text, _) = await new AttachmentText(new ReceiveSettings()).ExtractAsync(zip, "application/zip", "x.zip", CancellationToken.None);
        text!.ShouldContain("small.txt: not extracted (suspicious compression ratio)");
    }

    [Test]
    public async Task An_attachment_over_the_size_limit_gets_a_note_instead_of_text()
    {
        var limits = new ReceiveSettings { MaxAttachmentBytesForText = 10 };
        var (text, note) = await new AttachmentText(limits).ExtractAsync(Encoding.UTF8.GetBytes("more than ten bytes of text"), "text/plain", "a.txt", CancellationToken.None);
        text.ShouldBeNull();
        note.ShouldBe("too large to show as text");
    }

    [Test]
    public async Task A_broken_pdf_gets_a_note_and_does_not_throw()
    {
        var (text, note) = await new AttachmentText(new ReceiveSettings()).ExtractAsync(Encoding.ASCII.GetBytes("%PDF-1.4 this is not really a pdf"), "application/pdf", "broken.pdf", CancellationToken.None);
        text.ShouldBeNull();
        note.ShouldStartWith("the file could not be read");
    }

    [Test]
    public void Rtf_keeps_text_paragraphs_and_accents_and_drops_tables_of_fonts()
    {
        var text = RtfText.ToText(@"{\rtf1\ansi{\fonttbl{\f0\fswiss Helvetica;}}{\*\generator Word;}\f0 Hello\par W\'f6rld \u8364? costs \{braces\}.}");
        text.ShouldBe("Hello\nWörld € costs {braces}.");
    }

    [Test]
    public void An_exim_style_bounce_without_a_report_is_recognised_with_the_original_message_id()
    {
        var message = new MimeMessage { Subject = "Mail delivery failed: returning message to sender" };
        message.From.Add(new MailboxAddress("Mail Delivery System", "Mailer-Daemon@mx.council.example"));
        message.Body = new TextPart("plain")
        {
            Text = "This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  foi@council.example\n    host mx.council.example [192.0.2.1]\n    SMTP error from remote mail server after RCPT TO:<foi@council.example>:\n    550 5.1.1 User unknown\n\n------ This is a copy of the message, including all the headers. ------\n\nMessage-ID: <foi-123@foi.test>\nSubject: Freedom of Information request - x\n",
        };
        var bounce = BounceDetector.Detect(message).ShouldNotBeNull();
        bounce.OriginalMessageId.ShouldBe("foi-123@foi.test");
        bounce.Diagnostic.ShouldContain("550 5.1.1 User unknown");
        bounce.Permanent.ShouldBeTrue();
    }

    [Test]
    public void An_ordinary_reply_about_undelivered_post_is_not_a_bounce()
    {
        var message = new MimeMessage { Subject = "Undelivered letter: we could not post it" };
        message.From.Add(new MailboxAddress("Jo", "jo@council.example"));
        message.Body = new TextPart("plain") { Text = "Our letter came back." };
        BounceDetector.Detect(message).ShouldBeNull();
    }

    [TestCase("Auto-Submitted", "auto-replied", "Hello", true)]
    [TestCase("Auto-Submitted", "no", "Hello", false)]
    [TestCase("X-Autoreply", "yes", "Hello", true)]
    [TestCase("Precedence", "auto_reply", "Hello", true)]
    [TestCase("X-Other", "x", "Out of Office: back Monday", true)]
    [TestCase("X-Other", "x", "Automatic reply: FOI request", true)]
    [TestCase("X-Other", "x", "RE: Freedom of Information request - out of office hours cover", false)]
    public void Automatic_replies_are_recognised(string header, string value, string subject, bool automatic)
    {
        var message = new MimeMessage { Subject = subject };
        message.Headers.Add(header, value);
        MailClassifier.IsAutoReply(message).ShouldBe(automatic);
    }

    [Test]
    public void Outlook_and_gmail_quotes_are_folded_and_a_lone_quoted_line_is_not()
    {
        LetterFormatter.SplitQuoted("Answer.\n\nFrom: Requester\nSent: Monday\nSubject: x\n\nOld").Quoted!.ShouldStartWith("From: Requester");
        LetterFormatter.SplitQuoted("Answer.\nOn Mon, 2 Nov 2026 at 09:00, Jo <jo@x.example> wrote:\n> old\n> older").Quoted!.ShouldStartWith("On Mon");
        LetterFormatter.SplitQuoted("Answer.\n> quoting one line\nand answering it.").Quoted.ShouldBeNull();
    }

    [Test]
    public void Attachment_names_are_made_safe()
    {
        IncomingMailReader.SafeName("../../etc/passwd", 0, "text/plain").ShouldBe("passwd");
        IncomingMailReader.SafeName("report <final>.pdf", 0, "application/pdf").ShouldBe("report _final_.pdf");
        IncomingMailReader.SafeName(null, 2, "application/pdf").ShouldBe("attachment-3.pdf");
    }
}
