using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Foi.Modules.Mail.SendMail;

/// <summary>Hands one message to the next hop with an explicit envelope. Returns the server's answer for the record.</summary>
internal interface IMailTransport
{
    Task<string> DeliverAsync(MimeMessage message, MailboxAddress envelopeFrom, IReadOnlyList<MailboxAddress> envelopeTo, CancellationToken cancellationToken);
}

/// <summary>
/// Development and test transport: one .eml file per message. The envelope, which a file cannot otherwise carry,
/// is written as <c>Return-Path</c> and <c>X-Envelope-To</c> headers, as an MTA would on final delivery.
/// </summary>
internal sealed class PickupDirectoryTransport(string directory) : IMailTransport
{
    public string Directory { get; } = directory;

    public async Task<string> DeliverAsync(MimeMessage message, MailboxAddress envelopeFrom, IReadOnlyList<MailboxAddress> envelopeTo, CancellationToken cancellationToken)
    {
        // Sending again a message already written (a retry after a crash between writing and recording it) writes
        // nothing: like an MTA that knows the Message-ID, the folder holds each message once. Which file holds which
        // message is noted beside it by key, so the check costs the same with ten files or a hundred thousand (a search
        // of the folder for each send made a day's alert digests quadratic).
        var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(message.MessageId ?? Guid.NewGuid().ToString())))[..24];
        var notes = Path.Combine(Directory, ".sent");
        System.IO.Directory.CreateDirectory(notes);
        var note = Path.Combine(notes, key);
        if (File.Exists(note) && await File.ReadAllTextAsync(note, cancellationToken) is var earlier && File.Exists(Path.Combine(Directory, earlier)))
        {
            return $"already written to {earlier}";
        }
        var name = $"{DateTime.UtcNow:yyyyMMddTHHmmssfff}-{key}.eml";
        var temporary = Path.Combine(Directory, "." + name + ".tmp");
        await using (var file = File.Create(temporary))
        {
            var envelope = $"Return-Path: <{envelopeFrom.Address}>\r\nX-Envelope-To: {string.Join(", ", envelopeTo.Select(a => a.Address))}\r\n";
            await file.WriteAsync(Encoding.ASCII.GetBytes(envelope), cancellationToken);
            await message.WriteToAsync(file, cancellationToken);
        }
        // Noted before the file appears: a crash between the two leaves a note naming no file, and the retry writes it.
        await File.WriteAllTextAsync(note, name, cancellationToken);
        // A reader of the folder never sees a half-written file.
        File.Move(temporary, Path.Combine(Directory, name));
        return $"written to {name}";
    }
}

internal sealed class SmtpTransport(SmtpSettings settings) : IMailTransport
{
    public async Task<string> DeliverAsync(MimeMessage message, MailboxAddress envelopeFrom, IReadOnlyList<MailboxAddress> envelopeTo, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = settings.TimeoutSeconds * 1000 };
        var security = settings.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTlsWhenAvailable,
        };
        await client.ConnectAsync(settings.Host, settings.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
        }
        var response = await client.SendAsync(message, envelopeFrom, envelopeTo, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        return response;
    }
}
