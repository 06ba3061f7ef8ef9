using Foi.Modules.Mail.SendMail;
using MimeKit;
using Shouldly;

namespace Foi.Tests.Unit;

/// <summary>The pickup folder holds each message once, however often it is sent and however full the folder is.</summary>
internal sealed class PickupTransportTests
{
    private static MimeMessage Message(string id) => new()
    {
        MessageId = id,
        From = { new MailboxAddress("Site", "do-not-reply@foi.test") },
        To = { new MailboxAddress("Reader", "reader@people.test") },
        Subject = "Your alerts",
        Body = new TextPart("plain") { Text = "News." },
    };

    [Test]
    public async Task A_message_sent_again_is_not_written_twice_and_one_whose_file_never_appeared_is()
    {
        var folder = Directory.CreateTempSubdirectory("foi-pickup-").FullName;
        try
        {
            var transport = new PickupDirectoryTransport(folder);
            var from = new MailboxAddress("Site", "do-not-reply@foi.test");
            for (var i = 0; i < 300; i++)
            {
                await transport.DeliverAsync(Message($"m{i}@foi.test"), from, [new MailboxAddress("", "reader@people.test")], CancellationToken.None);
            }
            (await transport.DeliverAsync(Message("m7@foi.test"), from, [], CancellationToken.None)).ShouldStartWith("already written to ");
            Directory.GetFiles(folder, "*.eml").Length.ShouldBe(300);

            // A crash after the note and before the file: the note names a file that is not there, so the retry writes it.
            var lost = Directory.GetFiles(folder, "*.eml").First();
            var id = MimeMessage.Load(lost).MessageId!;
            File.Delete(lost);
            (await transport.DeliverAsync(Message(id), from, [], CancellationToken.None)).ShouldStartWith("written to ");
            Directory.GetFiles(folder, "*.eml").Length.ShouldBe(300);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
