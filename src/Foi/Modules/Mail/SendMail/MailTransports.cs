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
        System.IO.Directory.CreateDirectory(Directory);
        // Sending again a message already written (a retry after a crash between writing and recording it) writes
        // nothing: like an MTA that knows the Message-ID, the folder holds each message once.
        var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(message.MessageId ?? Guid.NewGuid().ToString())))[..24];
        if (System.IO.Directory.EnumerateFiles(Directory, $"*-{key}.eml").FirstOrDefault() is { } written)
        {
            return $"already written to {Path.GetFileName(written)}";
        }
        var name = $"{DateTime.UtcNow:yyyyMMddTHHmmssfff}-{key}.eml";
        var temporary = Path.Combine(Directory, "." + name + ".tmp");
        await using (var file = File.Create(temporary))
        {
            var envelope = $"Return-Path: <{envelopeFrom.Address}>\r\nX-Envelope-To: {string.Join(", ", envelopeTo.Select(a => a.Address))}\r\n";
            await file.WriteAsync(Encoding.ASCII.GetBytes(envelope), cancellationToken);
            await message.WriteToAsync(file, cancellationToken);
        }
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
