using FluentValidation;
using Foi.Common.Site;

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

    /// <summary>The readiness check says "Degraded" when a message has waited this long to be handed to the mail server.</summary>
    public TimeSpan OutgoingStuckAfter { get; set; } = TimeSpan.FromMinutes(30);

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

    /// <summary>
    /// True: the logs are followed as they grow (one node at a time), a status shows within seconds. False: a job
    /// imports them every <see cref="IntervalSeconds"/>.
    /// </summary>
    public bool Follow { get; set; } = true;

    /// <summary>While following, how often the logs are looked at when no file-system notification came.</summary>
    public int FollowPollSeconds { get; set; } = 2;

    public int IntervalSeconds { get; set; } = 60;

    /// <summary>Tells the requester once a message has been deferred this long.</summary>
    public int DeferredHoursBeforeTelling { get; set; } = 24;

    /// <summary>The mail server's time zone, in which lines without one are read (IANA name); empty: this machine's.</summary>
    public string TimeZone { get; set; } = "";

    public TimeZoneInfo ResolveTimeZone() => TimeZone.Length == 0 ? TimeZoneInfo.Local : TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
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

internal sealed class MailOptionsValidator : AbstractValidator<MailOptions>
{
    public MailOptionsValidator()
    {
        RuleFor(m => m.IncomingDomain)
            .Must(domain => Uri.CheckHostName(domain) == UriHostNameType.Dns)
            .WithMessage(m => $"'{m.IncomingDomain}' is not allowed; it must be a domain name such as foi.example.org");
        RuleFor(m => m.SiteFromAddress)
            .Must(address => address.Length == 0 || MimeKit.MailboxAddress.TryParse(address, out _))
            .WithMessage(m => $"'{m.SiteFromAddress}' is not an email address");
        RuleFor(m => m.OutgoingStuckAfter).GreaterThan(TimeSpan.Zero).WithMessage("must be a positive duration, such as 00:30:00");
        RuleFor(m => m.PickupDirectory).NotEmpty().WithMessage("must be a folder name, such as mail-outbox");
        RuleFor(m => m.Smtp.Host).NotEmpty().When(m => m.Transport == MailTransportKind.Smtp).WithMessage("must be set when Mail:Transport is Smtp");
        RuleFor(m => m.Smtp.Port).InclusiveBetween(1, 65535).WithMessage("must be a port number from 1 to 65535");
        RuleFor(m => m.Smtp.TimeoutSeconds).GreaterThan(0).WithMessage(Settings.PositiveWholeNumber);
        RuleFor(m => m.Receive.AcceptTimeoutSeconds).GreaterThan(0).WithMessage(Settings.PositiveWholeNumber);
        RuleFor(m => m.Receive.MaxMessageBytes).GreaterThan(0).WithMessage(Settings.PositiveWholeNumber);
        RuleFor(m => m.Receive.MaxAttachmentBytesForText).GreaterThan(0).WithMessage(Settings.PositiveWholeNumber);
        RuleFor(m => m.Receive.ExtractionTimeoutSeconds).GreaterThan(0).WithMessage(Settings.PositiveWholeNumber);
        RuleFor(m => m.Receive.MaxZipEntries).GreaterThan(0).WithMessage(Settings.PositiveWholeNumber);
        RuleFor(m => m.Receive.MaxZipUncompressedBytes).GreaterThan(0).WithMessage(Settings.PositiveWholeNumber);
        RuleFor(m => m.Logs.IntervalSeconds).GreaterThanOrEqualTo(1).WithMessage(Settings.PositiveWholeNumber);
        RuleFor(m => m.Logs.FollowPollSeconds).InclusiveBetween(1, 60).WithMessage("must be from 1 to 60 (seconds)");
        RuleFor(m => m.Logs.DeferredHoursBeforeTelling).GreaterThan(0).WithMessage(Settings.PositiveWholeNumber);
        RuleFor(m => m.Logs.TimeZone)
            .Must(zone => zone.Length == 0 || TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            .WithMessage(m => $"'{m.Logs.TimeZone}' is not a time zone this machine knows; use an IANA name such as Europe/London, or leave it empty for this machine's");
        RuleFor(m => m.Mailbox.Host).NotEmpty().When(m => m.Mailbox.Protocol != MailboxProtocol.None).WithMessage("must be set when Mail:Mailbox:Protocol is Imap or Pop3");
        RuleFor(m => m.Mailbox.UserName).NotEmpty().When(m => m.Mailbox.Protocol != MailboxProtocol.None).WithMessage("must be set when Mail:Mailbox:Protocol is Imap or Pop3");
        RuleFor(m => m.Mailbox.Port).InclusiveBetween(1, 65535).WithMessage("must be a port number from 1 to 65535");
        RuleFor(m => m.Mailbox.IntervalSeconds).GreaterThanOrEqualTo(10).WithMessage("must be at least 10 (seconds between polls)");
    }
}
