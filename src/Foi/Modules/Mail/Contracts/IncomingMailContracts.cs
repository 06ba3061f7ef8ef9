namespace Foi.Modules.Mail.Contracts;

/// <summary>Published when a received email has been routed to a request; the Requests module publishes it as a response.</summary>
/// <param name="IncomingMailId">The Mail module's id of the received email.</param>
/// <param name="RequestId">The request it was addressed to.</param>
public sealed record IncomingMailRouted(Guid IncomingMailId, int RequestId);

/// <summary>
/// The site's own mail (an alert, a notice, an account email, sent from the site's address) bounced for good: the
/// address it went to does not take mail. Nobody is told by mail, for the obvious reason.
/// </summary>
/// <param name="OutgoingMailId">The message that bounced.</param>
/// <param name="Purpose">What it was for ("alert", "notification", "account", ...).</param>
/// <param name="Recipients">The addresses it went to.</param>
/// <param name="Diagnostic">What the remote server said.</param>
public sealed record SiteMailBounced(Guid OutgoingMailId, string Purpose, IReadOnlyList<string> Recipients, string Diagnostic);

/// <summary>Published when a bounce or the mail server's log says an outgoing message could not be delivered to an address.</summary>
/// <param name="OutgoingMailId">The outgoing message that bounced.</param>
/// <param name="Diagnostic">What the refusing server said.</param>
/// <param name="FailedRecipient">The address that failed, when known; null for the whole message.</param>
/// <param name="OtherRecipients">The message's other addresses, each with what is known of it ("delivered", "sent"):
/// a message to several addresses that fails for one still reached the others.</param>
public sealed record OutgoingMailBounced(Guid OutgoingMailId, string Diagnostic, string? FailedRecipient = null, IReadOnlyList<string>? OtherRecipients = null);

/// <summary>Published when the mail server's log shows an outgoing message deferred for over a day.</summary>
/// <param name="OutgoingMailId">The outgoing message.</param>
/// <param name="Reason">The last reason the remote server or the network gave.</param>
/// <param name="Since">When the deferrals began.</param>
public sealed record OutgoingMailDelayed(Guid OutgoingMailId, string Reason, DateTimeOffset Since);

/// <summary>One attachment of a received email.</summary>
/// <param name="Index">Its position among the attachments; stable for the same email.</param>
/// <param name="FileName">File name, made safe for a URL and a download.</param>
/// <param name="ContentType">MIME type, e.g. application/pdf.</param>
/// <param name="Size">Size in bytes, decoded.</param>
/// <param name="Text">Extracted text, or null when none could be extracted.</param>
/// <param name="Note">Why there is no text, or what was left out (too large, took too long, unsupported type).</param>
public sealed record IncomingAttachment(int Index, string FileName, string ContentType, long Size, string? Text, string? Note);

/// <summary>A received email, read for publishing.</summary>
/// <param name="Id">The Mail module's id.</param>
/// <param name="MessageId">Its Message-ID header, if any.</param>
/// <param name="FromName">Sender's display name (may be empty).</param>
/// <param name="FromAddress">Sender's address.</param>
/// <param name="Subject">Subject line.</param>
/// <param name="Date">The Date header, or when we received it.</param>
/// <param name="IsAutoReply">An automatic answer (out of office, acknowledgement robot).</param>
/// <param name="BodyText">The body as plain text (from the HTML part when there is no plain part).</param>
/// <param name="BodyHtml">The HTML body, sanitised (no scripts, no remote images, no styles), when the email has no plain-text body; else null.</param>
/// <param name="Attachments">The attachments, nested ones (forwarded mail, winmail.dat, zip) flattened.</param>
/// <param name="Notice">Something a reader should know, e.g. that the email was over the size limit.</param>
public sealed record IncomingMailContent(
    Guid Id,
    string? MessageId,
    string FromName,
    string FromAddress,
    string Subject,
    DateTimeOffset Date,
    bool IsAutoReply,
    string BodyText,
    string? BodyHtml,
    IReadOnlyList<IncomingAttachment> Attachments,
    string? Notice);

/// <summary>An attachment's bytes for download.</summary>
/// <param name="Content">The decoded bytes.</param>
/// <param name="FileName">Safe file name.</param>
/// <param name="ContentType">MIME type.</param>
public sealed record AttachmentFile(byte[] Content, string FileName, string ContentType);

/// <summary>Reads received emails for the modules they were routed to.</summary>
public interface IIncomingMail
{
    /// <summary>The email, parsed and with attachment text extracted; null if unknown.</summary>
    Task<IncomingMailContent?> ReadAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>One attachment's bytes; null if unknown.</summary>
    Task<AttachmentFile?> OpenAttachmentAsync(Guid id, int index, CancellationToken cancellationToken);
}

/// <summary>Hands a received email to the site from inside it (demo data; later the API), the way the MTA's pipe does.</summary>
public interface IMailDrop
{
    /// <summary>Stores the exact bytes, then routes and publishes them before returning; the stored message's id.</summary>
    Task<Guid> ReceiveAndRouteAsync(byte[] raw, string? envelopeRecipient, string source, CancellationToken cancellationToken);
}

/// <summary>Rewrites stored emails (received or sent) without a person who closed their account.</summary>
public interface IMailErasure
{
    /// <summary>
    /// The email's subject, addresses' display names and text rewritten by <paramref name="scrub"/>; the attachments
    /// at the given indexes (as <see cref="IIncomingMail.OpenAttachmentAsync"/> numbers them) replaced by the files given.
    /// </summary>
    Task RewriteAsync(Guid mailId, Func<string, string> scrub, IReadOnlyDictionary<int, AttachmentFile> replacements, CancellationToken cancellationToken);
}
