using Foi.Modules.Mail.ReceiveMail;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Options;
using Quartz;

namespace Foi.Modules.Mail.PollMailbox;

/// <summary>
/// Fetches replies from an IMAP or POP3 mailbox, for sites without their own MTA. Each message is deleted from the
/// server only after it is stored, so a crash at any point loses nothing (at worst a message is fetched twice, and
/// the second copy is recognised by its Message-ID).
/// </summary>
internal sealed class MailboxPoller(MailReceiver receiver, IOptions<MailOptions> options, ILogger<MailboxPoller> logger)
{
    public async Task<int> PollAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.Mailbox;
        return settings.Protocol switch
        {
            MailboxProtocol.Imap => await PollImapAsync(settings, cancellationToken),
            MailboxProtocol.Pop3 => await PollPop3Async(settings, cancellationToken),
            _ => 0,
        };
    }

    private async Task<int> PollImapAsync(MailboxSettings settings, CancellationToken cancellationToken)
    {
        using var client = new ImapClient();
        await client.ConnectAsync(settings.Host, settings.Port, Security(settings.Security), cancellationToken);
        await client.AuthenticateAsync(settings.UserName, settings.Password, cancellationToken);
        var folder = await client.GetFolderAsync(settings.Folder, cancellationToken);
        await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var uids = await folder.SearchAsync(SearchQuery.NotDeleted, cancellationToken);
        var stored = 0;
        foreach (var uid in uids)
        {
            using var stream = await folder.GetStreamAsync(uid, "", cancellationToken);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            await receiver.ReceiveAsync(buffer.ToArray(), null, "imap", cancellationToken);
            await folder.AddFlagsAsync(uid, MessageFlags.Deleted, silent: true, cancellationToken);
            stored++;
        }
        if (stored > 0)
        {
            await folder.ExpungeAsync(cancellationToken);
        }
        await client.DisconnectAsync(quit: true, cancellationToken);
        logger.LogInformation("Fetched {Count} message(s) by IMAP", stored);
        return stored;
    }

    private async Task<int> PollPop3Async(MailboxSettings settings, CancellationToken cancellationToken)
    {
        using var client = new Pop3Client();
        await client.ConnectAsync(settings.Host, settings.Port, Security(settings.Security), cancellationToken);
        await client.AuthenticateAsync(settings.UserName, settings.Password, cancellationToken);
        var count = client.Count;
        for (var i = 0; i < count; i++)
        {
            using var stream = await client.GetStreamAsync(i, headersOnly: false, cancellationToken);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            await receiver.ReceiveAsync(buffer.ToArray(), null, "pop3", cancellationToken);
            await client.DeleteMessageAsync(i, cancellationToken);
        }
        // POP3 applies the deletions only when the session ends with QUIT.
        await client.DisconnectAsync(quit: true, cancellationToken);
        logger.LogInformation("Fetched {Count} message(s) by POP3", count);
        return count;
    }

    private static SecureSocketOptions Security(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}

[DisallowConcurrentExecution]
internal sealed class PollMailboxJob(MailboxPoller poller) : IJob
{
    public static readonly JobKey Key = new("poll-mailbox", "mail");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = $"{await poller.PollAsync(cancellationToken)} message(s) fetched";
}
