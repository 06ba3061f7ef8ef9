namespace Foi.Modules.Mail;

internal enum MailTransportKind
{
    Pickup,
    Smtp,
}

internal enum SmtpSecurity
{
    None,
    Auto,
    StartTls,
    SslOnConnect,
}

/// <summary>Bound from the <c>Mail</c> configuration section.</summary>
internal sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>The domain of the per-request addresses; the site's MTA must deliver it to <c>foi mail receive</c>.</summary>
    public string IncomingDomain { get; set; } = "foi.localhost";

    /// <summary>Key of the HMAC in request addresses. Empty: a random one is made once and kept in the data directory.</summary>
    public string AddressSecret { get; set; } = "";

    /// <summary>From address of the site's own mail (account confirmation, reminders). Default: do-not-reply@IncomingDomain.</summary>
    public string SiteFromAddress { get; set; } = "";

    public MailTransportKind Transport { get; set; } = MailTransportKind.Pickup;

    /// <summary>Folder of .eml files for the pickup transport; relative to the data directory.</summary>
    public string PickupDirectory { get; set; } = "mail-outbox";

    public SmtpSettings Smtp { get; set; } = new();

    public ReceiveSettings Receive { get; set; } = new();

    public MailboxSettings Mailbox { get; set; } = new();

    public MailLogSettings Logs { get; set; } = new();

    public string ResolvedSiteFromAddress => string.IsNullOrWhiteSpace(SiteFromAddress) ? $"do-not-reply@{IncomingDomain}" : SiteFromAddress;
}

internal sealed class ReceiveSettings
{
    /// <summary>`mail receive` answers 75 (try again later) when the message is not stored within this many seconds.</summary>
    public int AcceptTimeoutSeconds { get; set; } = 30;

    /// <summary>Whether this node routes stored mail as it arrives; off, only the repair job (every minute) does.</summary>
    public bool RouteInBackground { get; set; } = true;

    /// <summary>Larger messages are stored and shown with a notice, but their attachments are not read.</summary>
    public long MaxMessageBytes { get; set; } = 30 * 1024 * 1024;

    /// <summary>Larger attachments are listed and downloadable, but no text is extracted from them.</summary>
    public long MaxAttachmentBytesForText { get; set; } = 20 * 1024 * 1024;

    /// <summary>Extraction of one attachment's text is abandoned after this long.</summary>
    public int ExtractionTimeoutSeconds { get; set; } = 15;

    /// <summary>A zip archive with more entries, or more uncompressed bytes, is only listed.</summary>
    public int MaxZipEntries { get; set; } = 200;

    public long MaxZipUncompressedBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>The header a spam filter in front of the site writes its score in (e.g. SpamAssassin's X-Spam-Score).</summary>
    public string SpamScoreHeader { get; set; } = "X-Spam-Score";

    /// <summary>Mail scored above this goes to the holding pen instead of a request.</summary>
    public double SpamScoreThreshold { get; set; } = 5.0;
}

/// <summary>The MTA's logs, read for delivery statuses.</summary>
internal sealed class MailLogSettings
{
    /// <summary>Paths or globs, e.g. /var/log/exim4/mainlog* or /var/log/mail.log*; empty: no import.</summary>
    public List<string> Paths { get; set; } = [];

    public int IntervalSeconds { get; set; } = 60;

    /// <summary>Tells the requester once a message has been deferred this long.</summary>
    public int DeferredHoursBeforeTelling { get; set; } = 24;
}

internal enum MailboxProtocol
{
    None,
    Imap,
    Pop3,
}

/// <summary>A mailbox the site polls for replies, for sites whose MTA does not pipe mail to `foi mail receive`.</summary>
internal sealed class MailboxSettings
{
    public MailboxProtocol Protocol { get; set; } = MailboxProtocol.None;
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 993;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    public string Folder { get; set; } = "INBOX";
    public int IntervalSeconds { get; set; } = 60;
}

internal sealed class SmtpSettings
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 25;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public int TimeoutSeconds { get; set; } = 30;
}
