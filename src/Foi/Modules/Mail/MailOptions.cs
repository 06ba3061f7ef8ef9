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

    public string ResolvedSiteFromAddress => string.IsNullOrWhiteSpace(SiteFromAddress) ? $"do-not-reply@{IncomingDomain}" : SiteFromAddress;
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
